using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>What a public client does on the wire, every wait bounded.</summary>
internal static class Wire
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Timeout);
        return socket;
    }

    /// <summary>Sends a GET with the given Host header and returns the whole response (until the server closes).</summary>
    public static async Task<string> HttpGetAsync(int port, string host, string target = "/")
    {
        using var socket = await ConnectAsync(port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        return Encoding.ASCII.GetString(await ReadToEndAsync(socket));
    }

    /// <summary>Sends raw bytes and returns whatever comes back until the server closes.</summary>
    public static async Task<string> ExchangeAsync(int port, byte[] request)
    {
        using var socket = await ConnectAsync(port);
        await socket.SendAsync(request);
        return Encoding.ASCII.GetString(await ReadToEndAsync(socket));
    }

    public static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var all = new MemoryStream();
        var buffer = new byte[65536];
        int received;
        while ((received = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            all.Write(buffer, 0, received);
        }
        return all.ToArray();
    }

    /// <summary>Reads until <c>\r\n\r\n</c> (byte by byte: it is a test service).</summary>
    public static async Task<string> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one, cancellationToken) == 0)
            {
                break;
            }
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    /// <summary>
    /// How long until the server ends the connection (a FIN or a reset), reading and dropping anything it
    /// sends; fails the test when it is still open after <paramref name="within"/>.
    /// </summary>
    public static async Task<TimeSpan> WaitClosedAsync(Socket socket, TimeSpan within)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, timeout.Token) > 0)
            {
                // Whatever the server still says (a 400, the rest of a stream) is not what this waits for.
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return started.Elapsed;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the connection was still open after {within.TotalMilliseconds} ms");
        }
        return started.Elapsed;
    }
}
