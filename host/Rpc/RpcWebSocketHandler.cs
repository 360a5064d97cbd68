using System.Buffers;
using System.Net.WebSockets;
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
                await WriteAsync(RpcErrorReplies.ForUnreadable(buffer.WrittenMemory), cancellationToken).ConfigureAwait(false);
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
}
