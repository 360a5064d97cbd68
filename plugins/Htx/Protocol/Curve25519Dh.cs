using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>X25519 (RFC 7748) through BouncyCastle, the one place the plugin touches the curve.</summary>
public static class Curve25519Dh
{
    public const int KeyLength = 32;

    /// <summary>A fresh private scalar (clamping happens inside every scalar multiplication).</summary>
    public static byte[] GeneratePrivateKey() => RandomNumberGenerator.GetBytes(KeyLength);

    public static byte[] PublicKey(ReadOnlySpan<byte> privateKey)
    {
        var publicKey = new byte[KeyLength];
        X25519.ScalarMultBase(privateKey, publicKey);
        return publicKey;
    }

    /// <summary>X25519(privateKey, peerPublicKey); false when the peer's point is of low order (all-zero output).</summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret) =>
        X25519.CalculateAgreement(privateKey, peerPublicKey, sharedSecret);
}
