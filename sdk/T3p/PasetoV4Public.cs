using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Modular.Sdk.T3p;

/// <summary>
/// PASETO v4.public (Ed25519 signatures over PAE, paseto-spec "v4"): written out here because no
/// PASETO package restores in this build. The implicit assertion is always empty.
/// </summary>
public static class PasetoV4Public
{
    public const string Header = "v4.public.";
    public const int PublicKeyLength = 32;
    public const int SecretKeyLength = 32;
    private const int SignatureLength = 64;

    /// <summary>Signs <paramref name="message"/> with the Ed25519 seed <paramref name="secretKey"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> footer)
    {
        var signed = Pae(Encoding.ASCII.GetBytes(Header), message.ToArray(), footer.ToArray(), []);
        var body = new byte[message.Length + SignatureLength];
        message.CopyTo(body);
        Ed25519.Sign(secretKey.ToArray(), 0, signed, 0, signed.Length, body, message.Length);
        var token = Header + Base64Url.EncodeToString(body);
        return footer.IsEmpty ? token : token + "." + Base64Url.EncodeToString(footer);
    }

    /// <summary>The message and footer of <paramref name="token"/> when its signature verifies under <paramref name="publicKey"/>; else false.</summary>
    public static bool TryVerify(string token, ReadOnlySpan<byte> publicKey, out byte[] message, out byte[] footer)
    {
        message = [];
        footer = [];
        if (publicKey.Length != PublicKeyLength || !token.StartsWith(Header, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = token[Header.Length..].Split('.');
        if (parts.Length > 2 || !TryDecode(parts[0], out var body) || body.Length < SignatureLength)
        {
            return false;
        }
        var decodedFooter = Array.Empty<byte>();
        if (parts.Length == 2 && (!TryDecode(parts[1], out decodedFooter) || decodedFooter.Length == 0))
        {
            return false;
        }
        var payload = body[..^SignatureLength];
        var signed = Pae(Encoding.ASCII.GetBytes(Header), payload, decodedFooter, []);
        if (!Ed25519.Verify(body, payload.Length, publicKey.ToArray(), 0, signed, 0, signed.Length))
        {
            return false;
        }
        message = payload;
        footer = decodedFooter;
        return true;
    }

    /// <summary>The public key of the Ed25519 seed <paramref name="secretKey"/>.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> secretKey)
    {
        var publicKey = new byte[PublicKeyLength];
        Ed25519.GeneratePublicKey(secretKey.ToArray(), 0, publicKey, 0);
        return publicKey;
    }

    /// <summary>Pre-Authentication Encoding: LE64(count), then LE64(length) and bytes of each piece (MSB of each LE64 clear).</summary>
    public static byte[] Pae(params ReadOnlySpan<byte[]> pieces)
    {
        var length = 8;
        foreach (var piece in pieces)
        {
            length += 8 + piece.Length;
        }
        var output = new byte[length];
        BinaryPrimitives.WriteUInt64LittleEndian(output, (ulong)pieces.Length & long.MaxValue);
        var offset = 8;
        foreach (var piece in pieces)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(offset), (ulong)piece.Length & long.MaxValue);
            piece.CopyTo(output, offset + 8);
            offset += 8 + piece.Length;
        }
        return output;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }
        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
