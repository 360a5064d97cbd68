using Modular.Sdk.State;

namespace Modular.Host.Cli;

/// <summary>
/// Opens the configured store on first use, so that listing CLI verbs or printing help never
/// creates a data directory or a database.
/// </summary>
public sealed class DeferredStateStore(Func<IStateStore> open) : IStateStore, IDisposable
{
    private readonly Lazy<IStateStore> _store = new(open);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => _store.Value.GetAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => _store.Value.SetAsync(key, value, ttl, cancellationToken);

    public ValueTask<bool> SetIfAbsentAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => _store.Value.SetIfAbsentAsync(key, value, ttl, cancellationToken);

    public ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default) => _store.Value.TakeAsync(key, cancellationToken);

    public ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => _store.Value.IncrementAsync(key, delta, ttl, cancellationToken);

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => _store.Value.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<KeyValuePair<string, byte[]>> ScanAsync(string prefix, CancellationToken cancellationToken = default) => _store.Value.ScanAsync(prefix, cancellationToken);

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            (_store.Value as IDisposable)?.Dispose();
        }
    }
}
