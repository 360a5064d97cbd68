namespace Modular.Plugins.Relay.Transfer;

/// <summary>One file of an offer: its relative path (with <c>/</c>), size and hex SHA-256.</summary>
public sealed record OfferedFile(string Path, long Size, string Sha256);
