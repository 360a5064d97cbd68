using System.Security.Cryptography;
using Modular.Plugins.Htx.Protocol;
using Modular.Sdk.Config;
using Modular.Sdk.Security;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// An X25519 private key as a PKCS#8 PEM file, the format of <c>openssl genpkey -algorithm X25519</c>,
/// so operators can make and inspect keys with the usual tools.
/// </summary>
public static class TicketKeyFile
{
    private const string Label = "PRIVATE KEY";

    // PKCS#8 PrivateKeyInfo for id-X25519 (1.3.101.110) wrapping a 32-byte OCTET STRING: the 16 bytes before the key.
    private static ReadOnlySpan<byte> Prefix => [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];

    /// <summary>Reads the key at <paramref name="path"/>; <paramref name="what"/> names the config key in errors.</summary>
    public static byte[] Read(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{what}: cannot read the key file {path}: {e.Message}", e);
        }
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != Label)
        {
            throw new ConfigException($"{what}: {path} holds no PEM '{Label}' block");
        }
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length
            || der.Length != Prefix.Length + Curve25519Dh.KeyLength || !der.AsSpan(0, Prefix.Length).SequenceEqual(Prefix))
        {
            throw new ConfigException($"{what}: {path} is not an X25519 private key (PKCS#8)");
        }
        return der[Prefix.Length..];
    }

    /// <summary>Reads the key, or creates one (owner read/write only) when the file does not exist.</summary>
    public static byte[] ReadOrCreate(string path, string what)
    {
        if (File.Exists(path))
        {
            return Read(path, what);
        }
        var privateKey = Curve25519Dh.GeneratePrivateKey();
        var der = new byte[Prefix.Length + privateKey.Length];
        Prefix.CopyTo(der);
        privateKey.CopyTo(der.AsSpan(Prefix.Length));
        try
        {
            if (!SecretFile.CreateIfMissing(path, () => PemEncoding.WriteString(Label, der) + "\n"))
            {
                // Another process created it first: use theirs.
                return Read(path, what);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{what}: cannot create the key file {path}: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
        return privateKey;
    }
}
