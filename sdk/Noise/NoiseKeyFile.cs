using Modular.Sdk.Security;

namespace Modular.Sdk.Noise;

/// <summary>
/// A Noise static key on disk: the X25519 private key as 64 hex characters and a newline, readable by
/// the owner only.
/// </summary>
public static class NoiseKeyFile
{
    public static NoiseKeyPair Read(string path)
    {
        var text = File.ReadAllText(path).Trim();
        byte[] key;
        try
        {
            key = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} is not a Noise key file (64 hex characters)");
        }
        if (key.Length != NoiseKeyPair.KeyLength)
        {
            throw new InvalidDataException($"{path} is not a Noise key file (64 hex characters)");
        }
        return NoiseKeyPair.FromPrivateKey(key);
    }

    /// <summary>Writes <paramref name="key"/> to a new file created with owner-only permissions.</summary>
    public static void Write(string path, NoiseKeyPair key) =>
        SecretFile.CreateNew(path, Convert.ToHexStringLower(key.PrivateKey) + "\n");

    /// <summary>The key at <paramref name="path"/>, created first when the file does not exist.</summary>
    public static NoiseKeyPair ReadOrCreate(string path)
    {
        SecretFile.CreateIfMissing(path, () => Convert.ToHexStringLower(NoiseKeyPair.Generate().PrivateKey) + "\n");
        return Read(path);
    }
}
