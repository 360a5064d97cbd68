namespace Modular.Host.Rpc;

/// <summary>The answer of <c>host.auth</c>: who the connection now is, with which roles.</summary>
public sealed record HostAuthResult(string User, IReadOnlyList<string> Roles);
