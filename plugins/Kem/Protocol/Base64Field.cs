using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// A JSON string meant to hold standard base64, decoded as it is read: <see cref="Bytes"/> is null when the string is
/// not base64, so that the reader can say which field was wrong instead of failing the whole body as bad JSON.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed record Base64Field(byte[]? Bytes)
{
    /// <summary>
    /// Decodes straight from the UTF-8 of the request (JSON escapes such as <c>\u002B</c> included), where reading a
    /// .NET string first and decoding that would make a UTF-16 copy of every key.
    /// </summary>
    private sealed class Converter : JsonConverter<Base64Field>
    {
        public override Base64Field Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? new(reader.TryGetBytesFromBase64(out var bytes) ? bytes : null)
                : throw new JsonException($"expected a base64 string, not {reader.TokenType}");

        public override void Write(Utf8JsonWriter writer, Base64Field value, JsonSerializerOptions options) =>
            writer.WriteBase64StringValue(value.Bytes ?? throw new JsonException("a Base64Field without bytes cannot be written"));
    }
}
