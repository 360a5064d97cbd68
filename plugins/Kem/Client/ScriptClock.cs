using Jint;

namespace Modular.Plugins.Kem.Client;

/// <summary>
/// The script's time limit. Unlike Jint's TimeoutInterval it stops counting while the script is in
/// <c>wait()</c>, which legitimately lasts as long as the user's session.
/// </summary>
public sealed class ScriptClock(TimeSpan limit, TimeProvider time) : Constraint
{
    private TimeSpan _spent;
    private long? _runningSince;

    public override void Check()
    {
        if (Spent() > limit)
        {
            throw new TimeoutException($"the script ran longer than {limit.TotalMilliseconds:0} ms");
        }
    }

    public override void Reset()
    {
        _spent = TimeSpan.Zero;
        _runningSince = time.GetTimestamp();
    }

    public void Pause()
    {
        _spent = Spent();
        _runningSince = null;
    }

    public void Resume() => _runningSince = time.GetTimestamp();

    private TimeSpan Spent() => _runningSince is { } since ? _spent + time.GetElapsedTime(since) : _spent;
}
