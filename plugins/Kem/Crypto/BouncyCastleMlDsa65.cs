using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Modular.Plugins.Kem.Crypto;

/// <summary>ML-DSA-65 from BouncyCastle: pure mode, empty context, hedged signing.</summary>
public sealed class BouncyCastleMlDsa65 : ISignatureScheme
{
    public const int PublicKeyLength = 1952;
    public const int SignatureLength = 3309;
    public const int SeedLength = 32;

    private static readonly MLDsaParameters Parameters = MLDsaParameters.ml_dsa_65;
    private readonly SecureRandom _random = new();

    public KemKeyPair GenerateKeyPair()
    {
        var generator = new MLDsaKeyPairGenerator();
        generator.Init(new MLDsaKeyGenerationParameters(_random, Parameters));
        var pair = generator.GenerateKeyPair();
        return new(((MLDsaPublicKeyParameters)pair.Public).GetEncoded(), ((MLDsaPrivateKeyParameters)pair.Private).GetSeed());
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        if (privateKey.Length != SeedLength)
        {
            throw new CryptographicException($"an ML-DSA-65 private key (seed) is {SeedLength} bytes, not {privateKey.Length}");
        }
        var signer = new MLDsaSigner(Parameters, deterministic: false);
        signer.Init(true, new ParametersWithRandom(MLDsaPrivateKeyParameters.FromSeed(Parameters, privateKey.ToArray()), _random));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }
        var signer = new MLDsaSigner(Parameters, deterministic: false);
        signer.Init(false, MLDsaPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray()));
        signer.BlockUpdate(message);
        return signer.VerifySignature(signature.ToArray());
    }
}
