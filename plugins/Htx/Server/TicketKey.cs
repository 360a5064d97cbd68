using System.Security.Cryptography;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Server;

/// <summary>One X25519 ticket key of the site and its 8-byte id.</summary>
public sealed class TicketKey
{
    private readonly byte[] _privateKey;

    public TicketKey(byte[] privateKey, byte[]? keyId = null)
    {
        if (privateKey.Length != Curve25519Dh.KeyLength)
        {
            throw new ArgumentException("an X25519 private key is 32 bytes", nameof(privateKey));
        }
        _privateKey = privateKey;
        PublicKey = Curve25519Dh.PublicKey(privateKey);
        KeyId = keyId ?? DefaultKeyId(PublicKey);
        if (KeyId.Length != AccessTicket.KeyIdLength)
        {
            throw new ArgumentException("a key id is 8 bytes", nameof(keyId));
        }
    }

    public byte[] PublicKey { get; }

    public byte[] KeyId { get; }

    /// <summary>The first 8 bytes of SHA-256 of the public key.</summary>
    public static byte[] DefaultKeyId(ReadOnlySpan<byte> publicKey) => SHA256.HashData(publicKey)[..AccessTicket.KeyIdLength];

    public bool TryAgree(ReadOnlySpan<byte> clientPublicKey, Span<byte> sharedSecret) =>
        Curve25519Dh.TryAgree(_privateKey, clientPublicKey, sharedSecret);
}
