using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>
/// Betanet 1.1 §5.2: <c>accessTicket = HKDF-SHA256(sharedSecret, salt, info = "", 32)</c> with
/// <c>salt = SHA-256("betanet-ticket-v1" ‖ keyId ‖ uint64_be(hour))</c> and <c>hour = floor(unixTime / 3600)</c>.
/// </summary>
public static class AccessTicket
{
    public const int Length = 32;
    public const int KeyIdLength = 8;
    public const int SecondsPerHour = 3600;

    private static ReadOnlySpan<byte> Label => "betanet-ticket-v1"u8;

    public static long HourOf(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds >= 0 ? seconds / SecondsPerHour : (seconds - SecondsPerHour + 1) / SecondsPerHour;
    }

    public static void ComputeSalt(ReadOnlySpan<byte> keyId, long hour, Span<byte> salt)
    {
        Span<byte> input = stackalloc byte[17 + KeyIdLength + 8];
        Label.CopyTo(input);
        keyId.CopyTo(input[Label.Length..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[(Label.Length + KeyIdLength)..], unchecked((ulong)hour));
        SHA256.HashData(input, salt);
    }

    public static void Derive(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> salt, Span<byte> ticket) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, ticket[..Length], salt, ReadOnlySpan<byte>.Empty);

    public static void Derive(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> keyId, long hour, Span<byte> ticket)
    {
        Span<byte> salt = stackalloc byte[SHA256.HashSizeInBytes];
        ComputeSalt(keyId, hour, salt);
        Derive(sharedSecret, salt, ticket);
    }
}
