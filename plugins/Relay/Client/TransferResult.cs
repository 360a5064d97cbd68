using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Client;

/// <summary>What a finished send or receive moved: the files, and the bytes that crossed this time (resumed bytes excluded).</summary>
public sealed record TransferResult(IReadOnlyList<OfferedFile> Files, long Bytes);
