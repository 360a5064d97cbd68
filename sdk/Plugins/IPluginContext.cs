using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Modular.Sdk.Listeners;
using Modular.Sdk.State;

namespace Modular.Sdk.Plugins;

/// <summary>What the host tells a plugin about itself while it configures its services.</summary>
public interface IPluginContext
{
    /// <summary>The plugin id from its manifest; also its RPC namespace and default route prefix.</summary>
    string PluginId { get; }

    /// <summary>The role the host runs in: exactly one of <see cref="PluginRoles.Server"/> and <see cref="PluginRoles.Client"/>.</summary>
    PluginRoles Role { get; }

    /// <summary>The host's data directory (absolute, created). Keys, databases and everything a plugin writes go here.</summary>
    string DataDirectory { get; }

    /// <summary>The directory of the config file: relative paths in a plugin's config are relative to it.</summary>
    string ConfigDirectory { get; }

    /// <summary>The plugin's raw <c>config</c> object (an empty object when the entry has none).</summary>
    JsonElement Config { get; }

    /// <summary>
    /// The plugin's key-value store (memory or SQLite, as the operator chose), with keys private to this plugin.
    /// </summary>
    IStateStore State { get; }

    /// <summary>
    /// Binds <see cref="Config"/> to <typeparamref name="T"/> strictly: camelCase names, comments and
    /// trailing commas allowed, and an unknown key is a <see cref="Config.ConfigException"/> naming the
    /// key and its path in the config file.
    /// </summary>
    T BindConfig<T>() where T : new();

    /// <summary>Resolves a path from the plugin's config against <see cref="ConfigDirectory"/>.</summary>
    string ResolvePath(string path);

    /// <summary>
    /// Declares a raw TCP listener served by <typeparamref name="THandler"/> (resolved from DI as a
    /// singleton). <paramref name="address"/> is <c>"host:port"</c>; port 0 picks a free port, which
    /// <see cref="IListenerEndpoints"/> reports once the host has started.
    /// </summary>
    void AddTcpListener<THandler>(string name, string address) where THandler : ConnectionHandler;

    /// <summary>
    /// Declares an HTTP listener of the plugin's own (not the shared <c>/rpc</c> one). Requests that
    /// arrive on it go only to <paramref name="configure"/>'s pipeline. TLS when <paramref name="tls"/> is given.
    /// </summary>
    void AddHttpListener(string name, string address, Action<IApplicationBuilder> configure, TlsCertificateFiles? tls = null);
}
