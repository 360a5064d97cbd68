using System.Buffers;
using System.Security.Cryptography;

namespace Modular.Plugins.Proxy.Protocol;

/// <summary>The secrets of the proxy protocol: their sizes, hex form and SHA-256 hash.</summary>
public static class ProxySecrets
{
    /// <summary>The ephemeral connect-back secret: exactly this many raw bytes on the data connection.</summary>
    public const int EphemeralLength = 32;

    /// <summary>A subscription secret is 32 to 256 bytes.</summary>
    public const int MinLength = 32;

    public const int MaxLength = 256;

    /// <summary>Parses hex (either case) of <paramref name="minBytes"/> to <paramref name="maxBytes"/> bytes.</summary>
    public static bool TryParseHex(string? hex, int minBytes, int maxBytes, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || hex.Length % 2 != 0 || hex.Length / 2 < minBytes || hex.Length / 2 > maxBytes)
        {
            return false;
        }
        var parsed = new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, parsed, out _, out _) != OperationStatus.Done)
        {
            return false;
        }
        bytes = parsed;
        return true;
    }

    /// <summary>Lowercase hex SHA-256 of the secret's bytes: what <c>proxy.register</c> takes.</summary>
    public static string HashHex(ReadOnlySpan<byte> secret) => Convert.ToHexStringLower(SHA256.HashData(secret));
}
