using System.Text.Json;
using System.Text.Json.Serialization;
using StreamJsonRpc;

namespace Modular.Sdk.Rpc;

/// <summary>The JSON settings of the RPC wire, shared by the host and every client.</summary>
public static class RpcJson
{
    /// <summary>A formatter for one connection: camelCase names, enums as camelCase strings, nulls written.</summary>
    public static SystemTextJsonFormatter CreateFormatter()
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DictionaryKeyPolicy = null;
        formatter.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return formatter;
    }
}
