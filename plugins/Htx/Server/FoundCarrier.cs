using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Server;

/// <summary>A ticket carrier found in a request: where, and its text exactly as sent (still url-encoded for query and body).</summary>
public sealed record FoundCarrier(CarrierKind Kind, string RawText);
