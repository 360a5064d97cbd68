namespace Modular.Sdk.Security;

/// <summary>
/// Files that hold secrets (keys, session tickets): always created new, never overwritten, and readable
/// and writable by their owner only from the first byte on.
/// </summary>
public static class SecretFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to a new owner-only file, creating its folder. Throws
    /// <see cref="IOException"/> when the file already exists.
    /// </summary>
    public static void CreateNew(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(text);
    }

    /// <summary>
    /// Creates the file with <paramref name="text"/> unless it exists. True when this call created it; false
    /// when it was there already or another process created it first (theirs is the one to use).
    /// </summary>
    public static bool CreateIfMissing(string path, Func<string> text)
    {
        if (File.Exists(path))
        {
            return false;
        }
        try
        {
            CreateNew(path, text());
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
