using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// A public port: sniff the host from the first bytes (within <c>sniffTimeoutMs</c> and
/// <c>maxSniffBytes</c>), then dispatch with those bytes. Kestrel runs each connection on its own task,
/// so a slow client never holds up the accept loop.
/// </summary>
/// <remarks>
/// The sniffed bytes are copied out of the input pipe as they arrive: the pipe's blocks are 64 KiB, and a
/// client trickling a request head would otherwise pin one for as long as it likes. A copy costs what the
/// client sent.
/// </remarks>
public abstract class PublicConnectionHandler(TunnelDispatcher dispatcher, ProxyServerOptions options, TimeProvider time, ILogger logger)
    : ConnectionHandler
{
    private const int InitialSniffBuffer = 512;

    protected ProxyServerOptions Options => options;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var sniffed = new ArrayBufferWriter<byte>(InitialSniffBuffer);
        var host = await SniffAsync(connection, sniffed).ConfigureAwait(false);
        if (host is not null)
        {
            await dispatcher.DispatchAsync(connection, host, sniffed.WrittenMemory).ConfigureAwait(false);
        }
    }

    /// <summary>Looks at the bytes so far; <see cref="SniffStatus.NeedMore"/> to wait for more.</summary>
    protected abstract SniffStatus Sniff(ReadOnlySequence<byte> buffer, out string? host);

    /// <summary>Says why to the peer, where the protocol has a way to; the connection closes after.</summary>
    protected virtual ValueTask RejectAsync(ConnectionContext connection, SniffStatus status) => ValueTask.CompletedTask;

    /// <summary>The host, with every byte it took in <paramref name="sniffed"/> (at most <c>maxSniffBytes</c>; the rest stays in the pipe); null to close.</summary>
    private async Task<string?> SniffAsync(ConnectionContext connection, ArrayBufferWriter<byte> sniffed)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.SniffTimeoutMs), time);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var taken = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, options.MaxSniffBytes - sniffed.WrittenCount));
                foreach (var segment in taken)
                {
                    sniffed.Write(segment.Span);
                }
                input.AdvanceTo(taken.End);
                // Bytes past maxSniffBytes stay in the pipe for the tunnel; by then the sniffers answer TooLarge or Found.
                var status = Sniff(new ReadOnlySequence<byte>(sniffed.WrittenMemory), out var host);
                if (status == SniffStatus.NeedMore && sniffed.WrittenCount >= options.MaxSniffBytes)
                {
                    status = SniffStatus.TooLarge;
                }
                if (status == SniffStatus.NeedMore && !result.IsCompleted)
                {
                    continue;
                }
                if (status == SniffStatus.Found)
                {
                    return host;
                }
                logger.LogDebug("{Connection} from {Remote}: sniffing ended with {Status}; closing", connection.ConnectionId, connection.RemoteEndPoint, status);
                if (status != SniffStatus.NeedMore)
                {
                    await RejectAsync(connection, status).ConfigureAwait(false);
                }
                return null;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogDebug("{Connection} from {Remote}: no host within sniffTimeoutMs; closing", connection.ConnectionId, connection.RemoteEndPoint);
            return null;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            logger.LogDebug("{Connection} from {Remote}: gone while sniffing: {Reason}", connection.ConnectionId, connection.RemoteEndPoint, e.Message);
            return null;
        }
    }
}
