namespace Modular.Plugins.Kem.Crypto;

/// <summary>
/// ML-DSA-65 (pure, empty context), behind a seam like <see cref="IKeyEncapsulation"/>.
/// Keys are raw encodings: public 1952 bytes, private the 32-byte seed.
/// </summary>
public interface ISignatureScheme
{
    KemKeyPair GenerateKeyPair();

    byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message);

    /// <summary>False for a bad signature or a malformed key or signature; never throws for bad input.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
