using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>A service on loopback port 0 standing for what a client publishes (a web server, a TLS server, an echo).</summary>
internal sealed class LocalService : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;

    private LocalService(Func<Socket, CancellationToken, Task> handle)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync(handle);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => $"127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Every request head it received, in order.</summary>
    public List<string> Heads { get; } = [];

    /// <summary>Answers each HTTP request with <c>200</c> and the body "<paramref name="name"/>", then closes.</summary>
    public static LocalService Http(string name)
    {
        LocalService? service = null;
        service = new LocalService(async (socket, ct) =>
        {
            var head = await Wire.ReadHeadAsync(socket, ct);
            lock (service!.Heads)
            {
                service.Heads.Add(head);
            }
            var body = Encoding.ASCII.GetBytes(name);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{name}"), ct);
            socket.Shutdown(SocketShutdown.Send);
            await Wire.ReadToEndAsync(socket, ct);
        });
        return service;
    }

    /// <summary>Completes a TLS handshake with <paramref name="certificate"/>, reads one line and answers "<paramref name="name"/>:line".</summary>
    public static LocalService Tls(string name, X509Certificate2 certificate) => new(async (socket, ct) =>
    {
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
        using var reader = new StreamReader(ssl, leaveOpen: true);
        var line = await reader.ReadLineAsync(ct);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"{name}:{line}\n"), ct);
        await ssl.ShutdownAsync();
    });

    /// <summary>Sends back every byte, and ends its side when the peer ends its side.</summary>
    public static LocalService Echo() => new(async (socket, ct) =>
    {
        var buffer = new byte[65536];
        int received;
        while ((received = await socket.ReceiveAsync(buffer, ct)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, received), ct);
        }
        socket.Shutdown(SocketShutdown.Send);
    });

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> handle)
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                running.Add(Task.Run(async () =>
                {
                    using (socket)
                    {
                        try
                        {
                            await handle(socket, _stop.Token);
                        }
                        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                        {
                            // The test decides what a broken connection means; the service just drops it.
                        }
                    }
                }));
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(running);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
