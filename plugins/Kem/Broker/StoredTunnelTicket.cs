using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>A one-use tunnel ticket in the state store, under <c>tunnel:&lt;ticket&gt;</c>; the secret is the client's KEM shared secret (hex).</summary>
public sealed record StoredTunnelTicket(IReadOnlyList<TunnelEndpoint> Remotes, string SharedSecret);
