using System.Collections.Concurrent;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// One token bucket per client prefix (<see cref="ClientPrefix"/>), in memory. Buckets that have been idle long
/// enough to be full again are dropped now and then, so memory follows the prefixes active recently.
/// </summary>
public sealed class PrefixRateLimiter(double capacity, double refillPerSecond, TimeProvider time)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeSpan _refillTime = TimeSpan.FromSeconds(capacity / refillPerSecond);
    private int _callsSinceSweep;

    public int BucketCount => _buckets.Count;

    /// <summary>Takes one token from <paramref name="prefix"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(string prefix)
    {
        var now = time.GetTimestamp();
        if (Interlocked.Increment(ref _callsSinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _callsSinceSweep, 0);
            Sweep(now);
        }
        var bucket = _buckets.GetOrAdd(prefix, static (_, state) => new Bucket(state.capacity, state.now), (capacity, now));
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.Updated, now).TotalSeconds;
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + Math.Max(0, elapsed) * refillPerSecond);
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }
            bucket.Tokens -= 1;
            return true;
        }
    }

    private void Sweep(long now)
    {
        foreach (var (prefix, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (time.GetElapsedTime(bucket.Updated, now) >= _refillTime)
                {
                    _buckets.TryRemove(prefix, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}
