using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Server;

/// <summary>The answer of <c>t3p.check</c>: valid, with the claims; or not, without.</summary>
public sealed record CheckResult(bool Valid, T3pTicketClaims? Claims);
