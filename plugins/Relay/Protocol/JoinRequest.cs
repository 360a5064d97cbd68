namespace Modular.Plugins.Relay.Protocol;

/// <summary>Body of <c>POST /&lt;prefix&gt;/join</c>.</summary>
public sealed record JoinRequest(string? Role, string? Channel = null, string? Curve = null);
