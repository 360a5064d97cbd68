namespace Modular.Plugins.T3p.Server;

/// <summary>The answer of <c>t3p.revoke</c>.</summary>
public sealed record RevokeResult(bool Revoked);
