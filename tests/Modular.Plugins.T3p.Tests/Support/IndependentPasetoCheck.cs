using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>
/// A second PASETO v4.public verifier written from the spec for the tests only: its own base64url and
/// PAE, Ed25519 by libsodium (NSec) instead of BouncyCastle, so a ticket that passes both is standard.
/// </summary>
public static class IndependentPasetoCheck
{
    public static (string Payload, string Footer) Verify(string token, byte[] publicKey)
    {
        const string header = "v4.public.";
        Assert.StartsWith(header, token);
        var parts = token[header.Length..].Split('.');
        var body = FromBase64Url(parts[0]);
        var footer = parts.Length > 1 ? FromBase64Url(parts[1]) : [];
        var message = body.AsSpan(0, body.Length - 64).ToArray();
        var signature = body.AsSpan(body.Length - 64).ToArray();

        var pae = new List<byte>();
        void Le64(long value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            pae.AddRange(bytes);
        }
        byte[][] pieces = [Encoding.ASCII.GetBytes(header), message, footer, []];
        Le64(pieces.Length);
        foreach (var piece in pieces)
        {
            Le64(piece.Length);
            pae.AddRange(piece);
        }

        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(key, pae.ToArray(), signature), "the independent Ed25519 check rejected the ticket");
        return (Encoding.UTF8.GetString(message), Encoding.UTF8.GetString(footer));
    }

    private static byte[] FromBase64Url(string text)
    {
        var b64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }
}
