using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modular.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection of the kem benchmark's load generator, driven by its readiness loop
/// (<see cref="KemLoadGenerator"/>): it sends a prepared request, then takes whatever the socket holds each time
/// the loop finds it readable until the reply is whole, checking the status and the length. Like wrk, it does the
/// least HTTP needs and nothing per reply beyond that: it understands what the broker sends (a status line,
/// headers with a Content-Length, a body) and allocates nothing once open.
/// </summary>
internal sealed class KemBenchHttpConnection : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Body bytes of the current reply still to come; -1 while its head is still arriving.</summary>
    private int _bodyRemaining = -1;

    private KemBenchHttpConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static KemBenchHttpConnection Open(IPEndPoint server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(server);
        return new KemBenchHttpConnection(socket);
    }

    /// <summary>A POST with a JSON body, as bytes ready to send.</summary>
    public static byte[] Post(Uri uri, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends a whole request; the socket blocks only if its send buffer is full.</summary>
    public void Send(byte[] request) => Socket.Send(request);

    /// <summary>
    /// Reads what the socket holds (call it when the socket is readable) and returns true once the reply to the
    /// request in flight is whole. Anything but a 200 with a body throws.
    /// </summary>
    public bool Receive()
    {
        // Only part of a head is ever left over: body bytes are skipped as they arrive.
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        (_start, _end) = (0, _end - _start);
        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("the broker's reply head does not fit in 64 KiB");
        }
        var read = Socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new InvalidOperationException("the broker closed the connection in the middle of a reply");
        }
        _end += read;
        if (_bodyRemaining < 0 && !TryReadHead())
        {
            return false;
        }
        var take = Math.Min(_bodyRemaining, _end - _start);
        _start += take;
        _bodyRemaining -= take;
        if (_bodyRemaining > 0)
        {
            return false;
        }
        _bodyRemaining = -1;
        return true;
    }

    private bool TryReadHead()
    {
        var received = _buffer.AsSpan(_start, _end - _start);
        var headEnd = received.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }
        var head = received[..headEnd];
        if (!head.StartsWith("HTTP/1.1 200 "u8))
        {
            var statusLineEnd = head.IndexOf("\r\n"u8);
            throw new InvalidOperationException($"the broker answered: {Encoding.ASCII.GetString(statusLineEnd < 0 ? head : head[..statusLineEnd])}");
        }
        _bodyRemaining = ContentLength(head);
        if (_bodyRemaining == 0)
        {
            throw new InvalidOperationException("the broker answered 200 with an empty body");
        }
        _start += headEnd + 4;
        return true;
    }

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        var name = "Content-Length:"u8;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (line.Length > name.Length && Ascii.EqualsIgnoreCase(line[..name.Length], name))
            {
                var value = line[name.Length..].Trim((byte)' ');
                if (Utf8Parser.TryParse(value, out int length, out var used) && used == value.Length && length >= 0)
                {
                    return length;
                }
            }
        }
        throw new InvalidOperationException("the broker's reply has no Content-Length");
    }

    public void Dispose() => Socket.Dispose();
}
