using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Modular.Sdk.Noise;

/// <summary>
/// The Noise CipherState for ChaChaPoly: a key (or none) and a 64-bit nonce, 96-bit nonce on the
/// wire as four zero bytes and the counter little-endian (Noise spec 5.1 and 12.3).
/// </summary>
public sealed class NoiseCipherState : IDisposable
{
    public const int TagLength = 16;

    private ChaCha20Poly1305? _aead;
    private ulong _nonce;

    public bool HasKey => _aead is not null;

    public void InitializeKey(ReadOnlySpan<byte> key)
    {
        _aead?.Dispose();
        _aead = new ChaCha20Poly1305(key);
        _nonce = 0;
    }

    /// <summary>Writes <c>plaintext.Length + 16</c> bytes to <paramref name="ciphertext"/> (or copies when there is no key yet).</summary>
    public int EncryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        if (_aead is null)
        {
            plaintext.CopyTo(ciphertext);
            return plaintext.Length;
        }
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        _aead.Encrypt(nonce, plaintext, ciphertext[..plaintext.Length], ciphertext.Slice(plaintext.Length, TagLength), ad);
        return plaintext.Length + TagLength;
    }

    /// <summary>Writes <c>ciphertext.Length - 16</c> bytes; throws <see cref="NoiseException"/> when authentication fails.</summary>
    public int DecryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (_aead is null)
        {
            ciphertext.CopyTo(plaintext);
            return ciphertext.Length;
        }
        if (ciphertext.Length < TagLength)
        {
            throw new NoiseException("a Noise message is shorter than its authentication tag");
        }
        Span<byte> nonce = stackalloc byte[12];
        var length = ciphertext.Length - TagLength;
        try
        {
            NonceBytes(_nonce, nonce);
            _aead.Decrypt(nonce, ciphertext[..length], ciphertext[length..], plaintext[..length], ad);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new NoiseException("a Noise message failed authentication");
        }
        _nonce++;
        return length;
    }

    private void NextNonce(Span<byte> nonce)
    {
        // 2^64-1 is reserved (Noise spec 5.1); nobody sends that many messages on one connection.
        if (_nonce == ulong.MaxValue)
        {
            throw new NoiseException("the Noise nonce is exhausted");
        }
        NonceBytes(_nonce++, nonce);
    }

    private static void NonceBytes(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }

    public void Dispose() => _aead?.Dispose();
}
