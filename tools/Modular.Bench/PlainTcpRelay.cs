using System.Net;
using System.Net.Sockets;

namespace Modular.Bench;

/// <summary>
/// The baselines' plain TCP relay (what socat does): accept, connect to the next hop, copy both ways
/// through a buffer of <c>bufferBytes</c> per direction, half-close when a side ends. No crypto, no protocol.
/// </summary>
public sealed class PlainTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _next;
    private readonly int _bufferBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public PlainTcpRelay(IPEndPoint next, int bufferBytes = 64 * 1024)
    {
        _next = next;
        _bufferBytes = bufferBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(() => RelayAsync(inbound));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket inbound)
    {
        using (inbound)
        using (var outbound = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            inbound.NoDelay = true;
            await outbound.ConnectAsync(_next);
            await Task.WhenAll(CopyAsync(inbound, outbound, _bufferBytes), CopyAsync(outbound, inbound, _bufferBytes));
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, int bufferBytes)
    {
        var buffer = new byte[bufferBytes];
        try
        {
            int received;
            while ((received = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, received));
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
