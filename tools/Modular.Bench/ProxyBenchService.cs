using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modular.Bench;

/// <summary>The local service behind the proxy in the benchmark: a sink for bulk transfers, or a tiny HTTP responder.</summary>
public sealed class ProxyBenchService : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ProxyBenchService(Func<Socket, Task> serve)
    {
        _listener.Start();
        _accepting = AcceptAsync(serve);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Reads and drops everything; ends its side when the sender ends its side.</summary>
    public static ProxyBenchService Sink() => new(async socket =>
    {
        var buffer = new byte[65536];
        while (await socket.ReceiveAsync(buffer) > 0)
        {
            // Dropped: only the time to move the bytes matters.
        }
        socket.Shutdown(SocketShutdown.Send);
    });

    /// <summary>Reads a request head, answers 200 with a 2-byte body, closes.</summary>
    public static ProxyBenchService Http() => new(async socket =>
    {
        var buffer = new byte[4096];
        var seen = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(seen));
            if (received == 0)
            {
                return;
            }
            seen += received;
            if (buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }
        await socket.SendAsync(Response);
        socket.Shutdown(SocketShutdown.Send);
        while (await socket.ReceiveAsync(buffer) > 0)
        {
            // Wait for the peer's close, so that neither side resets.
        }
    });

    private async Task AcceptAsync(Func<Socket, Task> serve)
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                _ = Task.Run(async () =>
                {
                    using (socket)
                    {
                        try
                        {
                            await serve(socket);
                        }
                        catch (SocketException)
                        {
                            // A benchmark client gave up; its own figures show it.
                        }
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
