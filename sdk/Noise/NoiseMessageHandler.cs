using System.Buffers;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Sdk.Noise;

/// <summary>
/// JSON-RPC over a <see cref="NoiseChannel"/>: one UTF-8 JSON-RPC message per Noise transport message.
/// A garbled or truncated frame ends the stream (the connection closes cleanly) and is kept in
/// <see cref="Failure"/> for the log.
/// </summary>
public sealed class NoiseMessageHandler(
    NoiseChannel channel,
    SystemTextJsonFormatter formatter,
    Func<ReadOnlyMemory<byte>, JsonRpcMessage>? replyToUnreadable = null,
    IDisposable? owner = null)
    : MessageHandlerBase(formatter)
{
    private readonly ArrayBufferWriter<byte> _sendBuffer = new();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    /// <summary>Why reading stopped, when it stopped on a broken frame rather than a clean close.</summary>
    public NoiseException? Failure { get; private set; }

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[]? message;
            try
            {
                message = await channel.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NoiseException e)
            {
                Failure = e;
                return null;
            }
            if (message is null)
            {
                return null;
            }
            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(message));
            }
            catch (Exception e) when (e is not OperationCanceledException && replyToUnreadable is not null)
            {
                await WriteAsync(replyToUnreadable(message), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        _sendBuffer.ResetWrittenCount();
        Formatter.Serialize(_sendBuffer, content);
        await channel.WriteAsync(_sendBuffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => default;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            channel.Dispose();
            owner?.Dispose();
        }
        base.Dispose(disposing);
    }
}
