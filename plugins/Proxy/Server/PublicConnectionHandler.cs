using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// A public port: sniff the host from the first bytes (within <c>sniffTimeoutMs</c> and
/// <c>maxSniffBytes</c>), leaving every byte in the input pipe for the tunnel, then dispatch.
/// Kestrel runs each connection on its own task, so a slow client never holds up the accept loop.
/// </summary>
public abstract class PublicConnectionHandler(TunnelDispatcher dispatcher, ProxyServerOptions options, TimeProvider time, ILogger logger)
    : ConnectionHandler
{
    protected ProxyServerOptions Options => options;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var host = await SniffAsync(connection).ConfigureAwait(false);
        if (host is not null)
        {
            await dispatcher.DispatchAsync(connection, host).ConfigureAwait(false);
        }
    }

    /// <summary>Looks at the bytes so far; <see cref="SniffStatus.NeedMore"/> to wait for more.</summary>
    protected abstract SniffStatus Sniff(ReadOnlySequence<byte> buffer, out string? host);

    /// <summary>Says why to the peer, where the protocol has a way to; the connection closes after.</summary>
    protected virtual ValueTask RejectAsync(ConnectionContext connection, SniffStatus status) => ValueTask.CompletedTask;

    private async Task<string?> SniffAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.SniffTimeoutMs), time);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var status = Sniff(buffer, out var host);
                if (status == SniffStatus.NeedMore && !result.IsCompleted)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                // Nothing consumed, nothing left "examined": the tunnel's first read gets every sniffed byte.
                input.AdvanceTo(buffer.Start);
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
