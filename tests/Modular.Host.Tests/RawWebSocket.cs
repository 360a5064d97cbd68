using System.Net.WebSockets;
using System.Text;

namespace Modular.Host.Tests;

/// <summary>A WebSocket without a JSON-RPC library in between, for sending what a library never would.</summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <param name="origin">The Origin header a browser would send for the page that opened the socket.</param>
    public static async Task<RawWebSocket> ConnectAsync(Uri uri, string? bearer = null, string? origin = null)
    {
        var raw = new RawWebSocket();
        if (bearer is not null)
        {
            raw._socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }
        if (origin is not null)
        {
            raw._socket.Options.SetRequestHeader("Origin", origin);
        }
        await raw._socket.ConnectAsync(uri, Timeout());
        return raw;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) =>
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, Timeout());

    /// <summary>The next text message, or null when the server closed the connection instead.</summary>
    public async Task<string?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, Timeout());
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    public void Dispose() => _socket.Dispose();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
