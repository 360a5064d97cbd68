using System.Buffers;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// An envelope as bytes: the KEM ciphertext and the AES-256-GCM data (ciphertext || tag). It becomes base64
/// only as it is written out (<see cref="WriteReply"/>), straight into the response, never as .NET strings;
/// <see cref="ToEnvelope"/> gives the <see cref="TicketEnvelope"/> of the same bytes.
/// </summary>
public sealed class SealedEnvelope(byte[] kemCiphertext, byte[] data)
{
    /// <summary>Seals the UTF-8 JSON <paramref name="plaintext"/> under the keys of <paramref name="encapsulation"/> salted with <paramref name="ticket"/>.</summary>
    public static SealedEnvelope Seal(KemEncapsulation encapsulation, string ticket, ReadOnlySpan<byte> plaintext) =>
        new(encapsulation.Ciphertext, TicketEnvelope.SealData(TicketKeys.Derive(encapsulation.SharedSecret, ticket), plaintext));

    public TicketEnvelope ToEnvelope() =>
        new(TicketEnvelope.Aes256Gcm, Convert.ToBase64String(kemCiphertext), Convert.ToBase64String(data));

    /// <summary>Writes the broker's success reply, <c>{"result": envelope}</c>: the bytes of <see cref="BrokerReply{T}"/> of <see cref="ToEnvelope"/> in <see cref="KemJson"/>.</summary>
    public void WriteReply(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = KemJson.Options.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartObject("result"u8);
        writer.WriteString("algorithm"u8, TicketEnvelope.Aes256Gcm);
        KemJsonBase64.WriteProperty(writer, "ciphertext"u8, kemCiphertext);
        KemJsonBase64.WriteProperty(writer, "data"u8, data);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
