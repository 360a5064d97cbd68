namespace Modular.Sdk.Noise;

/// <summary>The two transport CipherStates after a handshake: one for sending, one for receiving.</summary>
public sealed class NoiseTransport(NoiseCipherState send, NoiseCipherState receive) : IDisposable
{
    /// <summary>The largest Noise message (Noise spec 3), and so the largest transport frame.</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>The largest plaintext one transport message can carry.</summary>
    public const int MaxPayloadLength = MaxMessageLength - NoiseCipherState.TagLength;

    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        if (plaintext.Length > MaxPayloadLength)
        {
            throw new NoiseException($"a Noise transport message carries at most {MaxPayloadLength} bytes, not {plaintext.Length}");
        }
        return send.EncryptWithAd([], plaintext, ciphertext);
    }

    public int Decrypt(ReadOnlySpan<byte> ciphertext, Span<byte> plaintext) => receive.DecryptWithAd([], ciphertext, plaintext);

    public void Dispose()
    {
        send.Dispose();
        receive.Dispose();
    }
}
