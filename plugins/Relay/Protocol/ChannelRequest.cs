using System.Text.Json.Serialization;

namespace Modular.Plugins.Relay.Protocol;

/// <summary>Body of <c>POST /&lt;prefix&gt;/channel</c>: read the state, set this role's values, or close.</summary>
public sealed record ChannelRequest(
    string? Channel,
    string? Uuid,
    string? X = null,
    string? Y = null,
    [property: JsonPropertyName("hh_k")] string? HhK = null,
    [property: JsonPropertyName("h_k")] string? HK = null,
    bool? Close = null);
