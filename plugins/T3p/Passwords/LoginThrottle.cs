using Modular.Plugins.T3p.Configuration;
using Modular.Sdk.State;

namespace Modular.Plugins.T3p.Passwords;

/// <summary>
/// Exponential slow-down after failed logins, per user and per IP address: after n failures the next
/// attempt waits failureDelay * 2^(n-1), at most maxFailureDelay. Counters live in the state store
/// and expire after failureWindowSeconds.
/// </summary>
public sealed class LoginThrottle(IStateStore state, T3pOptions options)
{
    public async Task<TimeSpan> DelayForAsync(string user, string ip, CancellationToken cancellationToken)
    {
        var failures = Math.Max(await CountAsync(UserKey(user), cancellationToken).ConfigureAwait(false), await CountAsync(IpKey(ip), cancellationToken).ConfigureAwait(false));
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }
        var milliseconds = options.FailureDelayMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, options.MaxFailureDelaySeconds * 1000.0));
    }

    public async Task RecordFailureAsync(string user, string ip, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(options.FailureWindowSeconds);
        await state.IncrementAsync(UserKey(user), 1, window, cancellationToken).ConfigureAwait(false);
        await state.IncrementAsync(IpKey(ip), 1, window, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordSuccessAsync(string user, CancellationToken cancellationToken) =>
        await state.DeleteAsync(UserKey(user), cancellationToken).ConfigureAwait(false);

    private async Task<long> CountAsync(string key, CancellationToken cancellationToken)
    {
        var value = await state.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return value is null ? 0 : long.Parse(System.Text.Encoding.ASCII.GetString(value), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string UserKey(string user) => $"login-failures/user/{user}";

    private static string IpKey(string ip) => $"login-failures/ip/{ip}";
}
