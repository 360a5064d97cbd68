using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modular.Plugins.Htx.Tests;

/// <summary>
/// HTTP/1.1 over a plain socket, so that tests compare responses byte for byte and can choose the client's address.
/// Every request says <c>Connection: close</c>; the response is everything read until the server closes.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(IPEndPoint server, string method, string target, IEnumerable<(string Name, string Value)>? headers = null,
        string? body = null, IPAddress? from = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        await socket.ConnectAsync(server, timeout.Token);
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            head.Append($"{name}: {value}\r\n");
        }
        var bodyBytes = Encoding.Latin1.GetBytes(body ?? "");
        if (body is not null)
        {
            head.Append($"Content-Length: {bodyBytes.Length}\r\n");
        }
        head.Append("\r\n");
        await socket.SendAsync(Encoding.Latin1.GetBytes(head.ToString()), SocketFlags.None, timeout.Token);
        await socket.SendAsync(bodyBytes, SocketFlags.None, timeout.Token);
        using var received = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }
        return new RawResponse(received.ToArray());
    }
}
