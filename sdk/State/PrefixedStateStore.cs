using System.Runtime.CompilerServices;

namespace Modular.Sdk.State;

/// <summary>
/// A view of a store in which every key carries a fixed prefix, so that plugins sharing one store
/// never see each other's keys.
/// </summary>
public sealed class PrefixedStateStore(IStateStore inner, string prefix) : IStateStore
{
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        inner.GetAsync(prefix + key, cancellationToken);

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        inner.SetAsync(prefix + key, value, ttl, cancellationToken);

    public ValueTask<bool> SetIfAbsentAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        inner.SetIfAbsentAsync(prefix + key, value, ttl, cancellationToken);

    public ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default) =>
        inner.TakeAsync(prefix + key, cancellationToken);

    public ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        inner.IncrementAsync(prefix + key, delta, ttl, cancellationToken);

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(prefix + key, cancellationToken);

    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ScanAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (key, value) in inner.ScanAsync(prefix + keyPrefix, cancellationToken).ConfigureAwait(false))
        {
            yield return new(key[prefix.Length..], value);
        }
    }
}
