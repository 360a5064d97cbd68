using Modular.Plugins.Htx.Protocol;
using Modular.Sdk.State;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// Remembers each accepted <c>(cliPub, hour)</c> with set-if-absent, for the replay window and in any case until the
/// end of hour+1 (the last moment the ticket could verify), so no ticket is accepted twice.
/// </summary>
public sealed class ReplayGuard(IStateStore state, TimeSpan window, TimeProvider time)
{
    private static readonly byte[] Seen = [1];

    /// <summary>True the first time a ticket is presented; false on every replay.</summary>
    public ValueTask<bool> TryRecordAsync(ReadOnlyMemory<byte> clientPublicKey, long hour, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lastVerifiable = DateTimeOffset.FromUnixTimeSeconds((hour + 2) * AccessTicket.SecondsPerHour);
        var ttl = lastVerifiable - now > window ? lastVerifiable - now : window;
        var key = $"replay:{Convert.ToHexStringLower(clientPublicKey.Span)}:{hour}";
        return state.SetIfAbsentAsync(key, Seen, ttl, cancellationToken);
    }
}
