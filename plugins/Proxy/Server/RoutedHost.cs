namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// The live side of one registered host: its subscribers in round-robin order, the public connections
/// waiting for a connect-back, traffic counters, and a token that ends everything when it is unregistered.
/// </summary>
public sealed class RoutedHost(string host)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private Subscriber[] _subscribers = [];
    private long _turn;
    private int _pending;
    private int _active;
    private long _bytesIn;
    private long _bytesOut;

    public string Host { get; } = host;

    /// <summary>Cancelled when the host is unregistered: live and pending connections close.</summary>
    public CancellationToken Closing => _closing.Token;

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public int ActiveConnections => Volatile.Read(ref _active);

    /// <summary>Bytes from public clients to subscribers.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes from subscribers to public clients.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>False when the host was closed meanwhile.</summary>
    public bool TryAdd(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (_closing.IsCancellationRequested)
            {
                return false;
            }
            _subscribers = [.. _subscribers, subscriber];
            return true;
        }
    }

    public void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => s != subscriber).ToArray();
        }
    }

    /// <summary>Forgets every subscriber (their secret no longer matches); live connections go on.</summary>
    public void RemoveAllSubscribers()
    {
        lock (_gate)
        {
            _subscribers = [];
        }
    }

    /// <summary>
    /// The subscribers in the order one connection tries them: strict round-robin picks the first, and
    /// the others follow so that each gets a turn before the connection is given up.
    /// </summary>
    public Subscriber[] NextTurnOrder()
    {
        lock (_gate)
        {
            var count = _subscribers.Length;
            if (count == 0)
            {
                return [];
            }
            var first = (int)(_turn++ % count);
            return [.. _subscribers[first..], .. _subscribers[..first]];
        }
    }

    public bool TryEnterPending(int max)
    {
        if (Interlocked.Increment(ref _pending) > max)
        {
            Interlocked.Decrement(ref _pending);
            return false;
        }
        return true;
    }

    public void ExitPending() => Interlocked.Decrement(ref _pending);

    public void TunnelOpened() => Interlocked.Increment(ref _active);

    public void TunnelClosed() => Interlocked.Decrement(ref _active);

    public void CountIn(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void CountOut(long bytes) => Interlocked.Add(ref _bytesOut, bytes);

    /// <summary>Unregistered: drop the subscribers and end every connection of this host.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _subscribers = [];
            _closing.Cancel();
        }
    }
}
