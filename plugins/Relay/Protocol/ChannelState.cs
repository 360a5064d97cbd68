using System.Text.Json.Serialization;

namespace Modular.Plugins.Relay.Protocol;

/// <summary>Answer of <c>channel</c>: what the two peers have posted so far and whether their TCP connections are stapled.</summary>
public sealed record ChannelState(
    string Channel,
    string Curve,
    string? X,
    string? Y,
    [property: JsonPropertyName("hh_k")] string? HhK,
    [property: JsonPropertyName("h_k")] string? HK,
    bool Stapled,
    IReadOnlyList<int> Ports);
