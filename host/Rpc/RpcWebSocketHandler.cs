using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Host.Rpc;

/// <summary>
/// JSON-RPC over a WebSocket, one message per text frame. Unlike StreamJsonRpc's own handler it
/// enforces a message size limit (closing with 1009) and answers a message it cannot parse with
/// -32700 or -32600 instead of dropping the connection.
/// </summary>
public sealed class RpcWebSocketHandler(WebSocket socket, SystemTextJsonFormatter formatter, int maxMessageBytes)
    : MessageHandlerBase(formatter)
{
    private const int ReceiveChunk = 4096;
    private readonly ArrayBufferWriter<byte> _sendBuffer = new();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // A fresh buffer per message: the deserialized message may keep referring to it.
            var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(ReceiveChunk), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
                    return null;
                }
                buffer.Advance(result.Count);
                if (buffer.WrittenCount > maxMessageBytes)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message larger than {maxMessageBytes} bytes", cancellationToken).ConfigureAwait(false);
                    return null;
                }
            }
            while (!result.EndOfMessage);

            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(buffer.WrittenMemory));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await WriteAsync(ErrorFor(buffer.WrittenMemory), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        _sendBuffer.ResetWrittenCount();
        Formatter.Serialize(_sendBuffer, content);
        await socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => default;

    private async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // The peer is already gone; there is nobody left to tell.
            }
        }
    }

    /// <summary>-32700 when the bytes are not JSON at all, else -32600 with the request id if one can be read.</summary>
    private static JsonRpcError ErrorFor(ReadOnlyMemory<byte> message)
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
