using System.Buffers;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// Writes the plaintext of a client ticket envelope: the same bytes as <see cref="LaunchTicket"/> serialized
/// with <see cref="KemJson.Options"/>, but with the script and its signature given as JSON tokens made once
/// per script (<see cref="KemJsonBase64.ToStringToken"/>), so that a ticket never re-encodes them.
/// </summary>
public static class LaunchTicketJson
{
    /// <summary>
    /// The client ticket envelope: the launch ticket written into a pooled buffer and sealed with
    /// <paramref name="ticket"/> as the salt (what the broker does for each ticket).
    /// </summary>
    public static SealedEnvelope Seal(KemEncapsulation encapsulation, string ticket, ReadOnlySpan<byte> scriptToken, ReadOnlySpan<byte> signatureToken, JsonElement parameters, TunnelPointer? tunnel)
    {
        var payload = JsonBuffers.Pool.Get();
        try
        {
            Write(payload, scriptToken, signatureToken, parameters, tunnel);
            return SealedEnvelope.Seal(encapsulation, ticket, payload.WrittenSpan);
        }
        finally
        {
            JsonBuffers.Pool.Return(payload);
        }
    }

    /// <summary>Writes <c>{script, type, signature_algorithm, signature, params, tunnel?}</c> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> scriptToken, ReadOnlySpan<byte> signatureToken, JsonElement parameters, TunnelPointer? tunnel)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = KemJson.Options.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WritePropertyName("script"u8);
        writer.WriteRawValue(scriptToken, skipInputValidation: true);
        writer.WriteString("type"u8, KemProtocol.ScriptType);
        writer.WriteString("signature_algorithm"u8, KemProtocol.SignatureAlgorithm);
        writer.WritePropertyName("signature"u8);
        writer.WriteRawValue(signatureToken, skipInputValidation: true);
        writer.WritePropertyName("params"u8);
        parameters.WriteTo(writer);
        if (tunnel is not null)
        {
            writer.WriteStartObject("tunnel"u8);
            writer.WriteString("host"u8, tunnel.Host);
            writer.WriteNumber("port"u8, tunnel.Port);
            writer.WriteString("ticket"u8, tunnel.Ticket);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
