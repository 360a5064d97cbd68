namespace Modular.Plugins.Kem.Crypto;

/// <summary>
/// ML-KEM-768, behind a seam so that .NET's own <c>MLKem</c> can replace BouncyCastle once the platform supports it.
/// Keys and ciphertexts are the raw FIPS 203 encodings. Bad input throws <see cref="System.Security.Cryptography.CryptographicException"/>.
/// </summary>
public interface IKeyEncapsulation
{
    KemKeyPair GenerateKeyPair();

    KemEncapsulation Encapsulate(ReadOnlySpan<byte> publicKey);

    byte[] Decapsulate(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext);
}
