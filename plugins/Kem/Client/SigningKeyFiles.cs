using System.Security.Cryptography;
using Modular.Plugins.Kem.Crypto;
using Modular.Sdk.Security;

namespace Modular.Plugins.Kem.Client;

/// <summary>
/// The ML-DSA-65 key files: <c>mldsa65.pub</c> (one line, standard base64 of the 1952-byte public key) and
/// <c>mldsa65.key</c> (standard base64 of the 32-byte seed, created readable only by its owner).
/// </summary>
public static class SigningKeyFiles
{
    public const string PublicKeyFile = "mldsa65.pub";
    public const string PrivateKeyFile = "mldsa65.key";

    public static void Write(string directory, KemKeyPair keyPair)
    {
        Directory.CreateDirectory(directory);
        SecretFile.CreateNew(Path.Combine(directory, PrivateKeyFile), Convert.ToBase64String(keyPair.PrivateKey) + "\n");
        File.WriteAllText(Path.Combine(directory, PublicKeyFile), Convert.ToBase64String(keyPair.PublicKey) + "\n");
    }

    /// <summary>Reads a base64 key file of <paramref name="length"/> bytes; throws <see cref="InvalidDataException"/> naming the file.</summary>
    public static byte[] Read(string path, int length)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path} is not a base64 key file", e);
        }
        if (key.Length != length)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidDataException($"{path} holds {key.Length} bytes; an ML-DSA-65 key file here holds {length}");
        }
        return key;
    }
}
