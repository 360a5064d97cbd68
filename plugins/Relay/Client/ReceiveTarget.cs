using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Client;

/// <summary>One offered file's destination, its <c>.part</c> file, and the bytes already held there.</summary>
public sealed record ReceiveTarget(OfferedFile File, string FullPath, string PartPath, long Offset);
