using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Modular.Host.Configuration;
using Modular.Host.Loading;
using Modular.Sdk.Config;
using Modular.Sdk.Listeners;
using Modular.Sdk.Net;
using Modular.Sdk.Plugins;
using Modular.Sdk.State;

namespace Modular.Host.Hosting;

/// <summary>The <see cref="IPluginContext"/> one plugin sees while it configures its services.</summary>
public sealed class PluginContext(
    LoadedPlugin plugin,
    PluginRoles role,
    LoadedConfig config,
    IStateStore rootState,
    ListenerRegistry? listeners,
    IServiceCollection services) : IPluginContext
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public string PluginId => plugin.Id;

    public PluginRoles Role => role;

    public string DataDirectory => config.DataDirectory;

    public string ConfigDirectory => config.Directory;

    public JsonElement Config => plugin.Entry.Config.ValueKind == JsonValueKind.Object ? plugin.Entry.Config : EmptyObject;

    public IStateStore State { get; } = new PrefixedStateStore(rootState, plugin.Id + ":");

    public T BindConfig<T>() where T : new()
    {
        try
        {
            return ConfigJson.Bind<T>(Config, plugin.ConfigPath);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"{config.FilePath}: {e.Message}", e);
        }
    }

    public string ResolvePath(string path) => config.ResolvePath(path);

    public void AddTcpListener<THandler>(string name, string address) where THandler : ConnectionHandler
    {
        services.TryAddSingleton<THandler>();
        Declare(name, address, typeof(THandler), null, null);
    }

    public void AddHttpListener(string name, string address, Action<IApplicationBuilder> configure, TlsCertificateFiles? tls = null) =>
        Declare(name, address, null, configure, tls);

    private void Declare(string name, string address, Type? handler, Action<IApplicationBuilder>? http, TlsCertificateFiles? tls)
    {
        var endPoint = ListenAddress.Parse(address, $"{config.FilePath}: plugin '{plugin.Id}' listener '{name}'");
        listeners?.Declare(new ListenerDeclaration(plugin.Id, name, endPoint, handler, http, tls));
    }
}
