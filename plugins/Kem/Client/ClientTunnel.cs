using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;
using Modular.Plugins.Kem.Tunnel;

namespace Modular.Plugins.Kem.Client;

/// <summary>
/// The client end of a tunnel: one connection to the tunnel server (the ticket is one-use), opened on the
/// first <c>tunnel.start</c>; each started channel is a local port on 127.0.0.1 whose first connection is carried.
/// </summary>
public sealed class ClientTunnel(TunnelPointer pointer, byte[] sharedSecret, ClientOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    /// <summary>
    /// A launcher carries one tunnel, so it can afford large reads: 256 KiB per read of the local socket
    /// moved a fifth more than 64 KiB, in fewer and larger writes to the tunnel server.
    /// </summary>
    private const int ChunkBytes = 256 * 1024;

    private readonly List<Task> _channels = [];
    private readonly HashSet<ushort> _started = [];
    private TcpClient? _connection;
    private TunnelRelay? _relay;
    private Task? _relayRun;
    private bool _closed;

    /// <summary>Opens a local port for <paramref name="channel"/> and returns it.</summary>
    public async Task<int> StartChannelAsync(ushort channel, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new ScriptRefusedException("tunnel.start after wait(): the tunnel is closed (its ticket was single-use)");
        }
        if (!_started.Add(channel))
        {
            throw new ScriptRefusedException($"tunnel.start: channel {channel} is already started");
        }
        var relay = _relay ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _channels.Add(CarryOneConnectionAsync(listener, relay, channel, cancellationToken));
        return port;
    }

    /// <summary>Completes when every started channel is done (or never got its connection), then closes the tunnel.</summary>
    public async Task WaitIdleAsync()
    {
        await Task.WhenAll(_channels).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    private async Task<TunnelRelay> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new TcpClient { NoDelay = true };
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.BrokerTimeoutMs), time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                await connection.ConnectAsync(pointer.Host, pointer.Port, linked.Token).ConfigureAwait(false);
                var hello = new byte[TunnelWire.Magic.Length + 1 + TicketIds.TicketLength];
                TunnelWire.Magic.CopyTo(hello);
                hello[TunnelWire.Magic.Length] = TunnelWire.OpenCommand;
                Encoding.ASCII.GetBytes(pointer.Ticket, hello.AsSpan(TunnelWire.Magic.Length + 1));
                await connection.GetStream().WriteAsync(hello, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
                connection.Dispose();
                throw new LaunchException($"cannot reach the tunnel server {pointer.Host}:{pointer.Port}: {e.Message}", LaunchException.ScriptFailed, e);
            }
        }
        var keys = TicketKeys.Derive(sharedSecret, pointer.Ticket);
        _connection = connection;
        _relay = new TunnelRelay(new StreamPipe(connection.GetStream()), keys.SendKey, keys.ReceiveKey, openChannel: null, ChunkBytes, logger);
        _relayRun = _relay.RunAsync(CancellationToken.None);
        return _relay;
    }

    private async Task CarryOneConnectionAsync(TcpListener listener, TunnelRelay relay, ushort channel, CancellationToken cancellationToken)
    {
        Socket local;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.TunnelAcceptTimeoutMs), time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                local = await listener.AcceptSocketAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("tunnel channel {Channel}: no local connection within {Timeout} ms", channel, options.TunnelAcceptTimeoutMs);
                return;
            }
            finally
            {
                listener.Stop();
            }
        }
        local.NoDelay = true;
        await relay.Attach(channel, local).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        if (_relay is not null)
        {
            await _relay.DisposeAsync().ConfigureAwait(false);
        }
        _connection?.Dispose();
        if (_relayRun is not null)
        {
            await _relayRun.ConfigureAwait(false);
        }
    }
}
