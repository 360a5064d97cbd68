using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Modular.Plugins.Kem.Crypto;

/// <summary>ML-KEM-768 from BouncyCastle.</summary>
public sealed class BouncyCastleMlKem768 : IKeyEncapsulation
{
    public const int PublicKeyLength = 1184;
    public const int CiphertextLength = 1088;
    public const int SharedSecretLength = 32;

    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;
    private readonly SecureRandom _random = new();

    public KemKeyPair GenerateKeyPair()
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(_random, Parameters));
        var pair = generator.GenerateKeyPair();
        return new(((MLKemPublicKeyParameters)pair.Public).GetEncoded(), ((MLKemPrivateKeyParameters)pair.Private).GetEncoded());
    }

    public KemEncapsulation Encapsulate(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            throw new CryptographicException($"an ML-KEM-768 public key is {PublicKeyLength} bytes, not {publicKey.Length}");
        }
        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException("not a valid ML-KEM-768 public key", e);
        }
        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(new ParametersWithRandom(key, _random));
        var ciphertext = new byte[CiphertextLength];
        var secret = new byte[SharedSecretLength];
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return new(ciphertext, secret);
    }

    public byte[] Decapsulate(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length != CiphertextLength)
        {
            throw new CryptographicException($"an ML-KEM-768 ciphertext is {CiphertextLength} bytes, not {ciphertext.Length}");
        }
        MLKemPrivateKeyParameters key;
        try
        {
            key = MLKemPrivateKeyParameters.FromEncoding(Parameters, privateKey.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException("not a valid ML-KEM-768 private key", e);
        }
        var decapsulator = new MLKemDecapsulator(Parameters);
        decapsulator.Init(key);
        var secret = new byte[SharedSecretLength];
        decapsulator.Decapsulate(ciphertext.ToArray(), 0, CiphertextLength, secret, 0, secret.Length);
        return secret;
    }
}
