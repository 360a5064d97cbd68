namespace Modular.Plugins.Relay.Protocol;

/// <summary>Answer of <c>join</c>: the channel, the caller's secret uuid, the curve and the relay's TCP ports.</summary>
public sealed record JoinResponse(string Channel, string Uuid, string Curve, IReadOnlyList<int> Ports);
