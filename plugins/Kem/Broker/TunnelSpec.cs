using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>The tunnel part of <c>kem.createTicket</c>: the tunnel server the client dials and what it connects to.</summary>
public sealed record TunnelSpec(TunnelEndpoint Server, IReadOnlyList<TunnelEndpoint> Remotes);
