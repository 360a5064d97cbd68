namespace Modular.Host.Loading;

/// <summary>A plugin could not be loaded, configured or started. The message names the plugin and the cause.</summary>
public sealed class PluginLoadException(string pluginId, string message, Exception? inner = null)
    : Exception($"plugin '{pluginId}': {message}", inner)
{
    public string PluginId { get; } = pluginId;
}
