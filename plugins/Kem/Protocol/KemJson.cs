using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>The JSON of the OpenUDS wire: snake_case names, nulls left out.</summary>
public static class KemJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
