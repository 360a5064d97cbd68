using System.Reflection;
using Modular.Host.Configuration;
using Modular.Sdk.Plugins;

namespace Modular.Host.Loading;

/// <summary>A plugin assembly loaded in its own context, with what scanning found in it.</summary>
public sealed class LoadedPlugin
{
    public required PluginEntry Entry { get; init; }

    public required int Index { get; init; }

    public required Assembly Assembly { get; init; }

    public required ModularPluginAttribute Manifest { get; init; }

    public string Id => Manifest.Id;

    public string Version => Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public string ConfigPath => $"plugins[{Index}].config";

    public IPlugin CreateEntryPoint() => (IPlugin)Activator.CreateInstance(Manifest.PluginType)!;
}
