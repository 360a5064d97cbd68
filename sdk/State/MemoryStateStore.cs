using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Modular.Sdk.State;

/// <summary>
/// The in-memory <see cref="IStateStore"/>: nothing survives a restart. One lock makes every operation
/// atomic; expired entries are dropped when touched and swept every <see cref="SweepEvery"/> writes.
/// </summary>
public sealed class MemoryStateStore(TimeProvider time) : IStateStore
{
    private const int SweepEvery = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _writesSinceSweep;

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(TryGetLive(key, out var entry) ? entry.Value.ToArray() : null);
        }
    }

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Write(key, value.ToArray(), ttl);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SetIfAbsentAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLive(key, out _))
            {
                return ValueTask.FromResult(false);
            }
            Write(key, value.ToArray(), ttl);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLive(key, out var entry))
            {
                return ValueTask.FromResult<byte[]?>(null);
            }
            _entries.Remove(key);
            return ValueTask.FromResult<byte[]?>(entry.Value);
        }
    }

    public ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLive(key, out var entry))
            {
                var next = checked(ParseCounter(key, entry.Value) + delta);
                _entries[key] = entry with { Value = FormatCounter(next) };
                return ValueTask.FromResult(next);
            }
            Write(key, FormatCounter(delta), ttl);
            return ValueTask.FromResult(delta);
        }
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var existed = TryGetLive(key, out _);
            _entries.Remove(key);
            return ValueTask.FromResult(existed);
        }
    }

    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ScanAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, byte[]>> matches;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            matches = _entries
                .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !e.Value.IsExpired(now))
                .Select(e => new KeyValuePair<string, byte[]>(e.Key, e.Value.Value.ToArray()))
                .ToList();
        }
        foreach (var match in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return match;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal static long ParseCounter(string key, byte[] value) =>
        long.TryParse(Encoding.ASCII.GetString(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidOperationException($"state key '{key}' holds a value that is not a counter");

    internal static byte[] FormatCounter(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private bool TryGetLive(string key, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!))
        {
            if (!entry.IsExpired(time.GetUtcNow()))
            {
                return true;
            }
            _entries.Remove(key);
        }
        return false;
    }

    private void Write(string key, byte[] value, TimeSpan? ttl)
    {
        _entries[key] = new Entry(value, ttl is { } t ? time.GetUtcNow() + t : null);
        if (++_writesSinceSweep >= SweepEvery)
        {
            _writesSinceSweep = 0;
            var now = time.GetUtcNow();
            foreach (var expired in _entries.Where(e => e.Value.IsExpired(now)).Select(e => e.Key).ToList())
            {
                _entries.Remove(expired);
            }
        }
    }

    private sealed record Entry(byte[] Value, DateTimeOffset? ExpiresAt)
    {
        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
    }
}
