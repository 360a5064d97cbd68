using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.Host.Configuration;
using Modular.Host.Hosting;
using Modular.Host.Loading;
using Modular.Sdk.Listeners;
using Modular.Sdk.Plugins;
using Modular.Sdk.Rpc;
using StreamJsonRpc;

namespace Modular.Testing;

/// <summary>
/// A real Modular host, in this process, with real plugins from <c>artifacts/plugins/</c>, listening on
/// loopback. The config is written to a fresh temporary directory (which is also the data directory's
/// parent), so tests never share state.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    private readonly ModularHost _host;

    private TestHost(ModularHost host, string directory, LoadedConfig config)
    {
        _host = host;
        Directory = directory;
        Config = config;
    }

    /// <summary>The temporary directory holding <c>config.json</c> and the data directory.</summary>
    public string Directory { get; }

    public LoadedConfig Config { get; }

    public string DataDirectory => Config.DataDirectory;

    public Uri RpcUri => _host.RpcUri ?? throw new InvalidOperationException("this host runs no RPC listener");

    public IListenerEndpoints Listeners => _host.Listeners;

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a host from <paramref name="config"/> (a JSON string or an object serialized camelCase).
    /// When the config names no <c>rpc.listen</c>, the server role gets 127.0.0.1:0; when it names no
    /// admin tokens, <see cref="AdminToken"/> is one.
    /// </summary>
    public static async Task<TestHost> StartAsync(object config, PluginRoles role = PluginRoles.Server, TimeProvider? time = null,
        string? directory = null, Action<IServiceCollection>? services = null, LogCapture? logs = null)
    {
        directory ??= CreateTempDirectory();
        var json = config as string ?? JsonSerializer.Serialize(config, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var path = Path.Combine(directory, "config.json");
        await File.WriteAllTextAsync(path, WithTestDefaults(json, role));
        var loaded = ConfigLoader.Load(path);
        var host = ModularHost.Create(loaded, role, new ModularHostOptions
        {
            TimeProvider = time ?? TimeProvider.System,
            Locator = new PluginLocator([RepoPaths.Plugins]),
            ConfigureLogging = logging =>
            {
                if (logs is null)
                {
                    logging.SetMinimumLevel(LogLevel.Warning);
                    return;
                }
                logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            },
            ConfigureServices = services,
        });
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return new TestHost(host, directory, loaded);
    }

    /// <summary>A config with just these plugin entries (each <c>{ id, config }</c>), memory state.</summary>
    public static object ConfigWith(params object[] plugins) => new { state = new { provider = "memory" }, plugins };

    /// <summary>Connects a JSON-RPC client to <c>/rpc</c>, as admin when <paramref name="admin"/>.</summary>
    public Task<JsonRpc> ConnectAsync(bool admin = false, Action<JsonRpc>? configure = null) =>
        RpcClient.ConnectAsync(RpcUri, admin ? AdminToken : null, configure);

    public static string CreateTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "modular-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS: the temp directory is cleaned by the OS later.
        }
    }

    private static string WithTestDefaults(string json, PluginRoles role)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        if (role == PluginRoles.Server)
        {
            var rpc = node["rpc"]?.AsObject() ?? [];
            node["rpc"] = rpc;
            rpc["listen"] ??= "127.0.0.1:0";
        }
        var admin = node["admin"]?.AsObject() ?? [];
        node["admin"] = admin;
        admin["tokens"] ??= new System.Text.Json.Nodes.JsonArray(AdminToken);
        return node.ToJsonString();
    }
}
