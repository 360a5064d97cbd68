using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// The OpenUDS 5.0 envelope: the KEM ciphertext, and the payload sealed with AES-256-GCM under the
/// ticket keys (ciphertext || tag), both standard base64.
/// </summary>
public sealed record TicketEnvelope(string Algorithm, string Ciphertext, string Data)
{
    public const string Aes256Gcm = "AES-256-GCM";
    private const int TagLength = 16;

    /// <summary>Seals <paramref name="payload"/> (as JSON) under the keys of <paramref name="encapsulation"/> salted with <paramref name="ticket"/>.</summary>
    public static TicketEnvelope Seal(KemEncapsulation encapsulation, string ticket, object payload) =>
        SealedEnvelope.Seal(encapsulation, ticket, JsonSerializer.SerializeToUtf8Bytes(payload, KemJson.Options)).ToEnvelope();

    public static byte[] SealData(TicketKeys keys, ReadOnlySpan<byte> plaintext)
    {
        var sealedData = new byte[plaintext.Length + TagLength];
        using var aes = new AesGcm(keys.PayloadKey, TagLength);
        aes.Encrypt(keys.PayloadNonce, plaintext, sealedData.AsSpan(0, plaintext.Length), sealedData.AsSpan(plaintext.Length));
        return sealedData;
    }

    public static byte[] OpenData(TicketKeys keys, ReadOnlySpan<byte> sealedData)
    {
        if (sealedData.Length < TagLength)
        {
            throw new EnvelopeException("the envelope data is shorter than its authentication tag");
        }
        var plaintext = new byte[sealedData.Length - TagLength];
        using var aes = new AesGcm(keys.PayloadKey, TagLength);
        try
        {
            aes.Decrypt(keys.PayloadNonce, sealedData[..^TagLength], sealedData[^TagLength..], plaintext);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EnvelopeException("the envelope does not decrypt: it was tampered with or is not for this key", e);
        }
        return plaintext;
    }

    /// <summary>Decapsulates with <paramref name="privateKey"/> and opens the payload. Throws <see cref="EnvelopeException"/>.</summary>
    public (T Payload, byte[] SharedSecret) Open<T>(IKeyEncapsulation kem, ReadOnlySpan<byte> privateKey, string ticket)
    {
        if (Algorithm != Aes256Gcm)
        {
            throw new EnvelopeException($"unsupported envelope algorithm '{Algorithm}'");
        }
        byte[] kemCiphertext, data;
        try
        {
            kemCiphertext = Convert.FromBase64String(Ciphertext ?? "");
            data = Convert.FromBase64String(Data ?? "");
        }
        catch (FormatException e)
        {
            throw new EnvelopeException("the envelope is not valid base64", e);
        }
        byte[] secret;
        try
        {
            secret = kem.Decapsulate(privateKey, kemCiphertext);
        }
        catch (CryptographicException e)
        {
            throw new EnvelopeException($"the envelope's KEM ciphertext is invalid: {e.Message}", e);
        }
        var plaintext = OpenData(TicketKeys.Derive(secret, ticket), data);
        try
        {
            return (JsonSerializer.Deserialize<T>(plaintext, KemJson.Options) ?? throw new EnvelopeException("the envelope holds null"), secret);
        }
        catch (JsonException e)
        {
            throw new EnvelopeException($"the envelope does not hold the expected JSON: {e.Message}", e);
        }
    }
}
