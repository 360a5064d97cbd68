using System.Security.Cryptography;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>The client's side of §5.2: a fresh X25519 key per ticket, the access ticket, and the carried payload.</summary>
public static class ClientTicket
{
    /// <summary>A new payload for <paramref name="announcement"/> at <paramref name="now"/>: new client key, nonce and random padding in range.</summary>
    public static byte[] Create(TicketAnnouncement announcement, DateTimeOffset now)
    {
        var padding = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(announcement.Padding.Min, announcement.Padding.Max + 1));
        var clientPrivateKey = Curve25519Dh.GeneratePrivateKey();
        try
        {
            return Create(clientPrivateKey, announcement.PublicKey, announcement.KeyId, RandomNumberGenerator.GetBytes(TicketPayload.NonceLength),
                AccessTicket.HourOf(now), padding);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientPrivateKey);
        }
    }

    /// <summary>The payload from every input given (the known-answer vector's form).</summary>
    public static byte[] Create(ReadOnlySpan<byte> clientPrivateKey, ReadOnlySpan<byte> ticketPublicKey, ReadOnlySpan<byte> keyId,
        ReadOnlySpan<byte> nonce, long hour, ReadOnlySpan<byte> padding)
    {
        Span<byte> shared = stackalloc byte[Curve25519Dh.KeyLength];
        Span<byte> ticket = stackalloc byte[AccessTicket.Length];
        if (!Curve25519Dh.TryAgree(clientPrivateKey, ticketPublicKey, shared))
        {
            throw new CryptographicException("the site's ticket key is a low-order point");
        }
        AccessTicket.Derive(shared, keyId, hour, ticket);
        CryptographicOperations.ZeroMemory(shared);
        return TicketPayload.Write(Curve25519Dh.PublicKey(clientPrivateKey), keyId, nonce, ticket, padding);
    }
}
