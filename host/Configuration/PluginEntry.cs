using System.Text.Json;

namespace Modular.Host.Configuration;

/// <summary>One element of <c>plugins</c>: which plugin, whether it runs, and its own config.</summary>
public sealed class PluginEntry
{
    public string Id { get; init; } = "";

    public bool Enabled { get; init; } = true;

    /// <summary>When the plugin fails to load or start, skip it with a warning instead of refusing to start.</summary>
    public bool Optional { get; init; }

    /// <summary>The plugin's assembly or folder; default: the build's <c>artifacts/plugins/&lt;id&gt;/</c>.</summary>
    public string? Path { get; init; }

    public JsonElement Config { get; init; }
}
