using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modular.Sdk.T3p;

/// <summary>
/// T3P tickets as PASETO v4.public tokens: the claims as JSON, the footer <c>{"kid":"&lt;hex of the
/// first 8 bytes of SHA-256 of the signing public key&gt;"}</c>.
/// </summary>
public static class T3pTicketCodec
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Longer tokens are refused unread: no legitimate ticket comes near this.</summary>
    public const int MaxTicketLength = 16 * 1024;

    /// <summary>The key id of a signing public key.</summary>
    public static string KeyId(ReadOnlySpan<byte> signingPublicKey) => Convert.ToHexStringLower(SHA256.HashData(signingPublicKey)[..8]);

    public static string Issue(T3pTicketClaims claims, ReadOnlySpan<byte> signingSecretKey)
    {
        var footer = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["kid"] = KeyId(PasetoV4Public.PublicKeyOf(signingSecretKey)) });
        return PasetoV4Public.Sign(signingSecretKey, JsonSerializer.SerializeToUtf8Bytes(claims, Json), footer);
    }

    /// <summary>The claims of <paramref name="ticket"/> when it is a well-formed token signed by <paramref name="signingPublicKey"/>; else null.</summary>
    public static T3pTicketClaims? Read(string? ticket, ReadOnlySpan<byte> signingPublicKey)
    {
        if (ticket is null || ticket.Length > MaxTicketLength || !PasetoV4Public.TryVerify(ticket, signingPublicKey, out var message, out var footer))
        {
            return null;
        }
        try
        {
            using var footerJson = JsonDocument.Parse(footer);
            if (!footerJson.RootElement.TryGetProperty("kid", out var kid) || kid.GetString() != KeyId(signingPublicKey))
            {
                return null;
            }
            var claims = JsonSerializer.Deserialize<T3pTicketClaims>(message, Json);
            return claims is { Jti.Length: > 0, Sub.Length: > 0 } ? claims : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Compares a hex key claim to raw key bytes in constant time; false when the claim is absent or not hex.</summary>
    public static bool KeyEquals(string? hexKey, ReadOnlySpan<byte> key)
    {
        if (hexKey is null || hexKey.Length != key.Length * 2)
        {
            return false;
        }
        Span<byte> decoded = stackalloc byte[key.Length];
        return Convert.FromHexString(hexKey, decoded, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == key.Length
            && CryptographicOperations.FixedTimeEquals(decoded, key);
    }
}
