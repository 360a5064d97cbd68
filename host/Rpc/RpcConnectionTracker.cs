using System.Collections.Concurrent;

namespace Modular.Host.Rpc;

/// <summary>Counts open RPC connections against <c>rpc.maxConnections</c> and closes them all at shutdown.</summary>
public sealed class RpcConnectionTracker(int maxConnections)
{
    private readonly ConcurrentDictionary<RpcConnection, byte> _open = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) > maxConnections)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _count);

    public void Track(RpcConnection connection) => _open.TryAdd(connection, 0);

    public void Untrack(RpcConnection connection) => _open.TryRemove(connection, out _);

    public void CloseAll()
    {
        foreach (var connection in _open.Keys)
        {
            connection.Close();
        }
    }
}
