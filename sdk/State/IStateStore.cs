namespace Modular.Sdk.State;

/// <summary>
/// A small key-value store with expiry, shaped so that each operation is one atomic Redis command
/// (GET, SET PX, SET NX PX, GETDEL, INCRBY, SCAN MATCH prefix*). Expiry follows the host's
/// <see cref="TimeProvider"/>. Values are bytes; <see cref="StateStoreJson"/> adds JSON helpers.
/// </summary>
public interface IStateStore
{
    /// <summary>The value, or null when the key is absent or expired.</summary>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Sets the value, replacing any; <paramref name="ttl"/> null keeps it until deleted.</summary>
    ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the value only when the key is absent or expired. True when it was set.</summary>
    ValueTask<bool> SetIfAbsentAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Atomically reads and deletes: at most one caller ever gets a given value.</summary>
    ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="delta"/> to a 64-bit counter (absent counts as 0) and returns the new value.
    /// <paramref name="ttl"/> applies only when the call creates the counter.
    /// </summary>
    ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key. True when it existed.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every live key starting with <paramref name="prefix"/>, with its value, in no promised order.</summary>
    IAsyncEnumerable<KeyValuePair<string, byte[]>> ScanAsync(string prefix, CancellationToken cancellationToken = default);
}
