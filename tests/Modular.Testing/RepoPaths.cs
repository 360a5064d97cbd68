namespace Modular.Testing;

/// <summary>Places in the repository that tests use (never anything outside it).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where plugin builds land: <c>artifacts/plugins/&lt;id&gt;/</c>.</summary>
    public static string Plugins => Path.Combine(Root, "artifacts", "plugins");

    /// <summary>Where test fixture plugins land: <c>artifacts/fixtures/&lt;name&gt;/</c>.</summary>
    public static string Fixtures => Path.Combine(Root, "artifacts", "fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Modular.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Modular.sln above {AppContext.BaseDirectory}");
    }
}
