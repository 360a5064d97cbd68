using System.Reflection;
using Modular.Host.Configuration;

namespace Modular.Host.Loading;

/// <summary>
/// Finds a plugin's main assembly: the entry's <c>path</c> (a .dll, or a folder), else
/// <c>plugins/&lt;id&gt;/</c> beside the host, else the build's <c>artifacts/plugins/&lt;id&gt;/</c>.
/// In a folder, the main assembly is the one named by its single <c>*.deps.json</c>.
/// </summary>
public sealed class PluginLocator(IReadOnlyList<string> searchDirectories)
{
    public static PluginLocator Default { get; } = new(DefaultSearchDirectories());

    public IReadOnlyList<string> SearchDirectories { get; } = searchDirectories;

    public string Locate(PluginEntry entry, LoadedConfig config)
    {
        if (entry.Path is not null)
        {
            var path = config.ResolvePath(entry.Path);
            if (File.Exists(path))
            {
                return path;
            }
            if (Directory.Exists(path))
            {
                return MainAssemblyIn(path) ?? throw new PluginLoadException(entry.Id, $"no plugin assembly in {path} (a plugin folder holds <name>.dll beside <name>.deps.json)");
            }
            throw new PluginLoadException(entry.Id, $"path {path} does not exist");
        }
        foreach (var root in SearchDirectories)
        {
            var folder = Path.Combine(root, entry.Id);
            if (Directory.Exists(folder) && MainAssemblyIn(folder) is { } assembly)
            {
                return assembly;
            }
        }
        var available = AvailableIds();
        throw new PluginLoadException(entry.Id,
            $"unknown plugin: not built or not installed (looked in {string.Join(", ", SearchDirectories)}); " +
            (available.Count == 0 ? "no plugins are there; build with 'dotnet build host'" : $"available: {string.Join(", ", available)}"));
    }

    /// <summary>The plugin ids found in the search directories, sorted.</summary>
    public IReadOnlyList<string> AvailableIds() =>
        SearchDirectories
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => MainAssemblyIn(d) is not null)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string? MainAssemblyIn(string folder)
    {
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length != 1)
        {
            return null;
        }
        var assembly = Path.Combine(folder, Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll");
        return File.Exists(assembly) ? assembly : null;
    }

    private static List<string> DefaultSearchDirectories()
    {
        var directories = new List<string> { Path.Combine(AppContext.BaseDirectory, "plugins") };
        var built = typeof(PluginLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ModularPluginsDirectory")?.Value;
        if (!string.IsNullOrEmpty(built))
        {
            directories.Add(Path.GetFullPath(built));
        }
        return directories;
    }
}
