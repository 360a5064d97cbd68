using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modular.Plugins.Relay.Protocol;

/// <summary>The JSON of the relay's routes and of the control frames: camelCase, absent values omitted.</summary>
public static class RelayJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
