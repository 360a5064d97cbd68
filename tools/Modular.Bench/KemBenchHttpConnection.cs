using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modular.Bench;

/// <summary>
/// The kem benchmark's load generator: one keep-alive HTTP/1.1 connection that posts prepared requests and
/// reads each reply to its end, checking the status and the length. The broker and its client share two
/// cores, so the client's cost is counted against the broker; like wrk, this client does the least HTTP
/// needs (HttpClient cost about a tenth of the CPU per ticket). It understands what the broker sends:
/// a status line, headers with a Content-Length, a body.
/// </summary>
internal sealed class KemBenchHttpConnection : IDisposable
{
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public static async Task<KemBenchHttpConnection> OpenAsync(IPEndPoint server)
    {
        var connection = new KemBenchHttpConnection();
        await connection._socket.ConnectAsync(server);
        return connection;
    }

    /// <summary>A POST with a JSON body, as bytes ready to send.</summary>
    public static byte[] Post(Uri uri, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole reply; returns the body's length. Anything but 200 throws.</summary>
    public async Task<int> ExchangeAsync(byte[] request)
    {
        await _socket.SendAsync(request);
        var headEnd = await FillUntilAsync(() => _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8));
        var head = Encoding.ASCII.GetString(_buffer, _start, headEnd);
        if (!head.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the broker answered: {head.Split("\r\n")[0]}");
        }
        var length = ContentLength(head);
        _start += headEnd + 4;
        var remaining = length;
        while (remaining > 0)
        {
            if (_start == _end)
            {
                await ReceiveAsync();
            }
            var take = Math.Min(remaining, _end - _start);
            _start += take;
            remaining -= take;
        }
        return length;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line.AsSpan(15).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return length;
            }
        }
        throw new InvalidOperationException("the broker's reply has no Content-Length");
    }

    private async Task<int> FillUntilAsync(Func<int> find)
    {
        int found;
        while ((found = find()) < 0)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("the broker's reply head does not fit in 64 KiB");
            }
            await ReceiveAsync();
        }
        return found;
    }

    private async Task ReceiveAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end));
        if (read == 0)
        {
            throw new InvalidOperationException("the broker closed the connection in the middle of a reply");
        }
        _end += read;
    }

    public void Dispose() => _socket.Dispose();
}
