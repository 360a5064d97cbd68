namespace Modular.Host.Configuration;

/// <summary>A validated config and where it came from.</summary>
public sealed record LoadedConfig(HostConfig Config, string FilePath)
{
    public string Directory => System.IO.Path.GetDirectoryName(FilePath)!;

    public string DataDirectory => System.IO.Path.GetFullPath(Config.DataDir, Directory);

    public string ResolvePath(string path) => System.IO.Path.GetFullPath(path, Directory);
}
