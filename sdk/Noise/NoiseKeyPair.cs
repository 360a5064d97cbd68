using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Modular.Sdk.Noise;

/// <summary>An X25519 key pair (the Noise DH function 25519).</summary>
public sealed class NoiseKeyPair
{
    public const int KeyLength = 32;

    private readonly byte[] _privateKey;

    private NoiseKeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        var publicKey = new byte[KeyLength];
        X25519.ScalarMultBase(privateKey, 0, publicKey, 0);
        PublicKey = publicKey;
    }

    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The private key, for writing a key file; never log it.</summary>
    public ReadOnlySpan<byte> PrivateKey => _privateKey;

    public static NoiseKeyPair Generate() => new(RandomNumberGenerator.GetBytes(KeyLength));

    public static NoiseKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"an X25519 private key is {KeyLength} bytes, not {privateKey.Length}", nameof(privateKey));
        }
        return new NoiseKeyPair(privateKey.ToArray());
    }

    /// <summary>DH(this, <paramref name="publicKey"/>); a low-order peer key (all-zero result) is refused.</summary>
    public void Agree(ReadOnlySpan<byte> publicKey, Span<byte> sharedSecret)
    {
        if (publicKey.Length != KeyLength)
        {
            throw new NoiseException($"a peer public key must be {KeyLength} bytes");
        }
        if (!X25519.CalculateAgreement(_privateKey, publicKey, sharedSecret))
        {
            throw new NoiseException("the peer's public key is of low order");
        }
    }
}
