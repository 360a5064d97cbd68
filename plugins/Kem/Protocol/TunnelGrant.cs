namespace Modular.Plugins.Kem.Protocol;

/// <summary>The plaintext of a tunnel start envelope: where to connect, the notify ticket for stop, and the client's shared secret (hex).</summary>
public sealed record TunnelGrant(IReadOnlyList<TunnelEndpoint> Remotes, string Notify, string SharedSecret);
