using System.Net.Sockets;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>
/// One channel of a tunnel: a local TCP connection and its two directions. Inbound (tunnel to socket) closes
/// on an empty packet, outbound (socket to tunnel) at the socket's end; the channel is done when both are closed.
/// </summary>
public sealed class TunnelChannel(ushort id, Socket socket)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inboundClosed;
    private int _outboundClosed;

    public ushort Id { get; } = id;

    public NetworkStream Stream { get; } = new(socket, ownsSocket: true);

    public bool InboundClosed => Volatile.Read(ref _inboundClosed) != 0;

    /// <summary>Completes when both directions are closed or the tunnel has ended.</summary>
    public Task Done => _done.Task;

    /// <summary>The peer will send no more: pass the end on to the socket.</summary>
    public void CloseInbound()
    {
        if (Interlocked.Exchange(ref _inboundClosed, 1) == 0)
        {
            TryShutdownSend();
            CompleteWhenBothClosed();
        }
    }

    public void CloseOutbound()
    {
        if (Interlocked.Exchange(ref _outboundClosed, 1) == 0)
        {
            CompleteWhenBothClosed();
        }
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _inboundClosed, 1);
        Interlocked.Exchange(ref _outboundClosed, 1);
        Stream.Dispose();
        _done.TrySetResult();
    }

    private void CompleteWhenBothClosed()
    {
        if (Volatile.Read(ref _inboundClosed) != 0 && Volatile.Read(ref _outboundClosed) != 0)
        {
            Stream.Dispose();
            _done.TrySetResult();
        }
    }

    private bool TryShutdownSend()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
