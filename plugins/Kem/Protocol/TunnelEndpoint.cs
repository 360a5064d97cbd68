namespace Modular.Plugins.Kem.Protocol;

/// <summary>A TCP address as the broker hands it out: a tunnel server or one of a tunnel's remotes.</summary>
public sealed record TunnelEndpoint(string Host, int Port);
