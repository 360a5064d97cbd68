using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Host.Rpc;

/// <summary>What the host answers to a message it cannot deserialize, on any transport.</summary>
public static class RpcErrorReplies
{
    /// <summary>-32700 when the bytes are not JSON at all, else -32600 with the request id if one can be read.</summary>
    public static JsonRpcError ForUnreadable(ReadOnlyMemory<byte> message)
    {
        var id = RequestId.Null;
        var code = JsonRpcErrorCode.ParseError;
        var text = "Parse error";
        try
        {
            using var document = JsonDocument.Parse(message);
            code = JsonRpcErrorCode.InvalidRequest;
            text = "Invalid Request";
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var idElement))
            {
                id = idElement.ValueKind switch
                {
                    JsonValueKind.Number when idElement.TryGetInt64(out var number) => new RequestId(number),
                    JsonValueKind.String => new RequestId(idElement.GetString()),
                    _ => RequestId.Null,
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parse error stands.
        }
        return new JsonRpcError { RequestId = id, Error = new JsonRpcError.ErrorDetail { Code = code, Message = text } };
    }
}
