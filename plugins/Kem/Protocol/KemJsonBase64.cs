using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// Writes bytes as a JSON string of standard base64, byte for byte as <see cref="KemJson.Options"/> writes
/// the same base64 held in a .NET string: its default encoder escapes <c>+</c> as <c>\u002B</c> and leaves
/// the rest of the alphabet (with <c>/</c> and <c>=</c>) alone. The serializer finds that out through its
/// escaping path one character at a time, which cost more per ticket than the AES-GCM of the same bytes;
/// here it is one base64 pass and one copy. The tests hold both ways of writing to the same bytes.
/// </summary>
public static class KemJsonBase64
{
    private static ReadOnlySpan<byte> EscapedPlus => "\\u002B"u8;

    /// <summary>The JSON string token (quotes included) of <paramref name="data"/> in base64, for a value written many times.</summary>
    public static byte[] ToStringToken(ReadOnlySpan<byte> data)
    {
        var base64 = EncodePooled(data, out var tokenLength);
        var token = new byte[tokenLength];
        WriteToken(base64, token);
        ArrayPool<byte>.Shared.Return(base64.Array!);
        return token;
    }

    /// <summary>Writes the property <paramref name="utf8Name"/> with <paramref name="data"/> in base64 as its value.</summary>
    public static void WriteProperty(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8Name, ReadOnlySpan<byte> data)
    {
        var base64 = EncodePooled(data, out var tokenLength);
        var token = ArrayPool<byte>.Shared.Rent(tokenLength);
        WriteToken(base64, token);
        writer.WritePropertyName(utf8Name);
        writer.WriteRawValue(token.AsSpan(0, tokenLength), skipInputValidation: true);
        ArrayPool<byte>.Shared.Return(token);
        ArrayPool<byte>.Shared.Return(base64.Array!);
    }

    /// <summary>Base64 of <paramref name="data"/> in a pooled array (the caller returns it), and the length of its JSON token.</summary>
    private static ArraySegment<byte> EncodePooled(ReadOnlySpan<byte> data, out int tokenLength)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(data.Length));
        Base64.EncodeToUtf8(data, buffer, out _, out var written);
        var base64 = new ArraySegment<byte>(buffer, 0, written);
        tokenLength = 2 + written + base64.AsSpan().Count((byte)'+') * (EscapedPlus.Length - 1);
        return base64;
    }

    private static void WriteToken(ReadOnlySpan<byte> base64, Span<byte> token)
    {
        token[0] = (byte)'"';
        var at = 1;
        int plus;
        while ((plus = base64.IndexOf((byte)'+')) >= 0)
        {
            base64[..plus].CopyTo(token[at..]);
            at += plus;
            EscapedPlus.CopyTo(token[at..]);
            at += EscapedPlus.Length;
            base64 = base64[(plus + 1)..];
        }
        base64.CopyTo(token[at..]);
        token[at + base64.Length] = (byte)'"';
    }
}
