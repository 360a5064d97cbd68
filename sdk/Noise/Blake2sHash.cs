using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Modular.Sdk.Noise;

/// <summary>The Noise hash function BLAKE2s (32-byte output, 64-byte block) and its HMAC and HKDF (Noise spec 4.3).</summary>
internal static class Blake2sHash
{
    public const int HashLength = 32;

    public static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        var digest = new Blake2sDigest(HashLength * 8);
        digest.BlockUpdate(a);
        digest.BlockUpdate(b);
        digest.DoFinal(output);
    }

    /// <summary>HKDF with two or three outputs of 32 bytes each, as Noise defines it on HMAC-BLAKE2s.</summary>
    public static void Hkdf(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, Span<byte> output1, Span<byte> output2, Span<byte> output3)
    {
        Span<byte> tempKey = stackalloc byte[HashLength];
        Hmac(chainingKey, inputKeyMaterial, [], tempKey);
        Hmac(tempKey, [], [0x01], output1);
        Hmac(tempKey, output1, [0x02], output2);
        if (!output3.IsEmpty)
        {
            Hmac(tempKey, output2, [0x03], output3);
        }
        tempKey.Clear();
    }

    private static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data1, ReadOnlySpan<byte> data2, Span<byte> output)
    {
        var hmac = new HMac(new Blake2sDigest(HashLength * 8));
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(data1);
        hmac.BlockUpdate(data2);
        hmac.DoFinal(output);
    }
}
