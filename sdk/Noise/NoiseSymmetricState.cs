using System.Text;

namespace Modular.Sdk.Noise;

/// <summary>The Noise SymmetricState: chaining key, handshake hash and the handshake's CipherState (Noise spec 5.2).</summary>
internal sealed class NoiseSymmetricState : IDisposable
{
    private readonly byte[] _ck = new byte[Blake2sHash.HashLength];
    private readonly byte[] _h = new byte[Blake2sHash.HashLength];

    public NoiseSymmetricState(string protocolName)
    {
        var name = Encoding.ASCII.GetBytes(protocolName);
        if (name.Length <= Blake2sHash.HashLength)
        {
            name.CopyTo(_h, 0);
        }
        else
        {
            Blake2sHash.Hash(name, [], _h);
        }
        _h.CopyTo(_ck, 0);
    }

    public NoiseCipherState Cipher { get; } = new();

    public ReadOnlySpan<byte> HandshakeHash => _h;

    public void MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> key = stackalloc byte[Blake2sHash.HashLength];
        Blake2sHash.Hkdf(_ck, inputKeyMaterial, _ck, key, []);
        Cipher.InitializeKey(key);
        key.Clear();
    }

    public void MixHash(ReadOnlySpan<byte> data) => Blake2sHash.Hash(_h, data, _h);

    public int EncryptAndHash(ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        var written = Cipher.EncryptWithAd(_h, plaintext, output);
        MixHash(output[..written]);
        return written;
    }

    public int DecryptAndHash(ReadOnlySpan<byte> ciphertext, Span<byte> output)
    {
        var written = Cipher.DecryptWithAd(_h, ciphertext, output);
        MixHash(ciphertext);
        return written;
    }

    public (NoiseCipherState First, NoiseCipherState Second) Split()
    {
        Span<byte> k1 = stackalloc byte[Blake2sHash.HashLength];
        Span<byte> k2 = stackalloc byte[Blake2sHash.HashLength];
        Blake2sHash.Hkdf(_ck, [], k1, k2, []);
        var first = new NoiseCipherState();
        first.InitializeKey(k1);
        var second = new NoiseCipherState();
        second.InitializeKey(k2);
        k1.Clear();
        k2.Clear();
        return (first, second);
    }

    public void Dispose()
    {
        Array.Clear(_ck);
        Cipher.Dispose();
    }
}
