using System.Diagnostics;
using System.Runtime;

namespace Modular.Bench;

/// <summary>
/// Keeps the JIT's background recompilation out of timed work. The runtime recompiles code at a higher tier
/// some time after it became hot, on a background thread; on two cores that work would otherwise land inside
/// a measurement and be charged to whichever side happened to be timed.
/// </summary>
internal static class JitSettling
{
    /// <summary>Waits (up to a few seconds) until the JIT has compiled nothing for a while.</summary>
    public static async Task WaitForQuietAsync()
    {
        var quietFor = TimeSpan.FromMilliseconds(300);
        var giveUp = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < quietFor && giveUp.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, quiet) = (now, Stopwatch.StartNew());
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="round"/> untimed until one run makes the JIT compile at most
    /// <paramref name="quietMethods"/> methods, or <paramref name="maxRounds"/> times; returns how many ran.
    /// A run's count includes what the JIT compiles in the background just after it, which is most of it.
    /// </summary>
    public static async Task<int> WarmUpAsync(Func<Task> round, int quietMethods, int maxRounds)
    {
        var rounds = 0;
        for (var compiled = long.MaxValue; compiled > quietMethods && rounds < maxRounds; rounds++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round();
            await WaitForQuietAsync();
            compiled = JitInfo.GetCompiledMethodCount() - before;
        }
        return rounds;
    }
}
