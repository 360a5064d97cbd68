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
    public static void Write(string path, NoiseKeyPair key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(Convert.ToHexStringLower(key.PrivateKey) + "\n");
    }

    /// <summary>The key at <paramref name="path"/>, created first when the file does not exist.</summary>
    public static NoiseKeyPair ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                Write(path, NoiseKeyPair.Generate());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        return Read(path);
    }
}
