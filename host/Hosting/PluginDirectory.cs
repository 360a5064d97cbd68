using Modular.Host.Loading;
using Modular.Host.Rpc;
using Modular.Sdk.Plugins;

namespace Modular.Host.Hosting;

/// <summary>The plugins this host runs, as <c>host.plugins</c> reports them.</summary>
public sealed class PluginDirectory(PluginRoles role, RpcTargetCatalog catalog, ListenerRegistry listeners)
{
    public const string HostNamespace = "host";

    /// <summary>The name of the host's Noise RPC listener: <c>Listeners.Get("host", "noise")</c>.</summary>
    public const string NoiseListener = "noise";

    private readonly List<LoadedPlugin> _plugins = [];

    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    public void Add(LoadedPlugin plugin) => _plugins.Add(plugin);

    public IReadOnlyList<PluginInfo> Describe()
    {
        var hostListeners = new Dictionary<string, string>();
        if (listeners.Rpc is { } rpc)
        {
            hostListeners["rpc"] = rpc.ToString();
        }
        foreach (var declaration in listeners.Declarations.Where(d => d.PluginId == HostNamespace))
        {
            hostListeners[declaration.Name] = listeners.BoundEndPoint(declaration).ToString();
        }
        var rows = new List<PluginInfo>
        {
            new(HostNamespace, typeof(PluginDirectory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", role, catalog.MethodsOf(HostNamespace), hostListeners),
        };
        foreach (var plugin in _plugins)
        {
            var bound = listeners.Declarations
                .Where(d => d.PluginId == plugin.Id)
                .ToDictionary(d => d.Name, d => listeners.BoundEndPoint(d).ToString());
            rows.Add(new PluginInfo(plugin.Id, plugin.Version, role, catalog.MethodsOf(plugin.Id), bound));
        }
        return rows;
    }
}
