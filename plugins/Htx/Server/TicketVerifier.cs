using System.Security.Cryptography;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// The stateless part of §5.2 verification: parse in order (version, cliPub, keyId of a known key, padding
/// length), then recompute the access ticket for hour now, now-1 and now+1 and compare in constant time.
/// One X25519 agreement per ticket: the shared secret does not depend on the hour.
/// </summary>
public sealed class TicketVerifier(TicketKeyRing keys, PaddingRange padding)
{
    /// <summary>Null when <paramref name="payload"/> is a valid ticket (its hour in <paramref name="hour"/>), else the rejection reason.</summary>
    public string? Verify(ReadOnlySpan<byte> payload, DateTimeOffset now, out long hour)
    {
        hour = 0;
        switch (TicketPayload.TryRead(payload, out var ticket))
        {
            case TicketPayloadStatus.WrongVersion:
                return RejectionReason.WrongVersion;
            case TicketPayloadStatus.Truncated:
                return RejectionReason.Truncated;
        }
        var key = keys.Find(ticket.KeyId);
        if (key is null)
        {
            return RejectionReason.UnknownKey;
        }
        if (!padding.Contains(ticket.PaddingLength))
        {
            return RejectionReason.BadPadding;
        }
        Span<byte> shared = stackalloc byte[Curve25519Dh.KeyLength];
        Span<byte> expected = stackalloc byte[AccessTicket.Length];
        try
        {
            if (!key.TryAgree(ticket.ClientPublicKey, shared))
            {
                return RejectionReason.LowOrderPoint;
            }
            var current = AccessTicket.HourOf(now);
            // The current hour first, and stop at a match: which hour matched is no secret (the sender chose it),
            // and a ticket that matches none costs the same three derivations whatever it holds.
            foreach (var candidate in (ReadOnlySpan<long>)[current, current - 1, current + 1])
            {
                AccessTicket.Derive(shared, ticket.KeyId, candidate, expected);
                if (CryptographicOperations.FixedTimeEquals(expected, ticket.Ticket))
                {
                    hour = candidate;
                    return null;
                }
            }
            return RejectionReason.WrongTicket;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }
}
