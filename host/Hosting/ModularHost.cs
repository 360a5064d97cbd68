using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Host.Configuration;
using Modular.Host.Loading;
using Modular.Host.Rpc;
using Modular.Host.Security;
using Modular.Host.Transport;
using Modular.Sdk.Config;
using Modular.Sdk.Http;
using Modular.Sdk.Listeners;
using Modular.Sdk.Net;
using Modular.Sdk.Noise;
using Modular.Sdk.Plugins;
using Modular.Sdk.Rpc;
using Modular.Sdk.Security;
using Modular.Sdk.State;
using Scrutor;

namespace Modular.Host.Hosting;

/// <summary>
/// One running Modular host: the config's plugins loaded and configured, Kestrel serving <c>/rpc</c>,
/// plugin routes and plugin listeners, all on one generic host. Lifecycle (as Caddy's modules):
/// load, configure (which validates), start, stop.
/// </summary>
public sealed class ModularHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenerRegistry _listeners;
    private readonly IPEndPoint? _rpcEndPoint;
    private readonly IStateStore _state;

    private ModularHost(WebApplication app, ListenerRegistry listeners, IPEndPoint? rpcEndPoint, IStateStore state)
    {
        _app = app;
        _listeners = listeners;
        _rpcEndPoint = rpcEndPoint;
        _state = state;
    }

    public IServiceProvider Services => _app.Services;

    public IListenerEndpoints Listeners => _listeners;

    /// <summary><c>ws://address/rpc</c> once started; null when the host runs no RPC listener.</summary>
    public Uri? RpcUri => _listeners.Rpc is { } endPoint ? new Uri($"ws://{endPoint}/rpc") : null;

    /// <summary>
    /// Loads and configures every enabled plugin of <paramref name="config"/> for <paramref name="role"/>.
    /// Throws <see cref="ConfigException"/> or <see cref="PluginLoadException"/> naming what is wrong.
    /// </summary>
    public static ModularHost Create(LoadedConfig config, PluginRoles role, ModularHostOptions? options = null)
    {
        options ??= new ModularHostOptions();
        var hostConfig = config.Config;
        var rpcAddress = hostConfig.Rpc.Listen ?? (role == PluginRoles.Server ? RpcConfig.DefaultServerListen : null);
        var rpcEndPoint = rpcAddress is null ? null : ListenAddress.Parse(rpcAddress, "rpc.listen");

        Directory.CreateDirectory(config.DataDirectory);
        IStateStore state = hostConfig.State.Provider == StateProvider.Sqlite
            ? new SqliteStateStore(Path.Combine(config.DataDirectory, hostConfig.State.File), options.TimeProvider)
            : new MemoryStateStore(options.TimeProvider);

        try
        {
            return Build(config, role, options, rpcEndPoint, state);
        }
        catch
        {
            (state as IDisposable)?.Dispose();
            throw;
        }
    }

    private static ModularHost Build(LoadedConfig config, PluginRoles role, ModularHostOptions options, IPEndPoint? rpcEndPoint, IStateStore state)
    {
        var hostConfig = config.Config;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "modular",
            ContentRootPath = config.Directory,
            Args = [],
        });
        ConfigureLogging(builder.Logging);
        options.ConfigureLogging?.Invoke(builder.Logging);

        var listeners = new ListenerRegistry();
        var catalog = new RpcTargetCatalog();
        catalog.Add(PluginDirectory.HostNamespace, typeof(HostRpcTarget));
        catalog.Add(PluginDirectory.HostNamespace, typeof(HostAuthRpcTarget));
        var directory = new PluginDirectory(role, catalog, listeners);
        var admin = new AdminAuthorization(hostConfig.Admin.Tokens);
        var tracker = new RpcConnectionTracker(hostConfig.Rpc.MaxConnections);
        var endpoints = new List<(string Prefix, Type Type)>();

        var services = builder.Services;
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(state);
        services.AddSingleton(admin);
        services.AddSingleton<IAdminAuthorization>(admin);
        services.AddSingleton(listeners);
        services.AddSingleton<IListenerEndpoints>(listeners);
        services.AddSingleton(catalog);
        services.AddSingleton(directory);
        services.AddSingleton(tracker);
        services.AddScoped<RpcConnectionHolder>();
        services.AddScoped(sp => sp.GetRequiredService<RpcConnectionHolder>().Connection);
        services.AddScoped<HostRpcTarget>();
        services.AddScoped<HostAuthRpcTarget>();
        services.AddSingleton(sp => new T3pTicketAuthenticator(hostConfig.Auth.T3p, sp.GetRequiredService<INoiseHostKey>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<T3pTicketAuthenticator>>()));
        services.AddSingleton<RpcSessionRunner>();
        services.AddSingleton(sp => new RpcEndpoint(sp.GetRequiredService<RpcSessionRunner>(), tracker, admin, hostConfig.Rpc.MaxMessageBytes, hostConfig.Rpc.AllowedOrigins, sp.GetRequiredService<ILogger<RpcEndpoint>>()));
        AddNoiseTransport(services, listeners, config);
        services.AddRouting();
        AddRawTcpTransport(services);
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(hostConfig.Rpc.DrainSeconds));

        var guard = new HostServiceGuard(services);
        using (var bootLoggerFactory = LoggerFactory.Create(l => { ConfigureLogging(l); options.ConfigureLogging?.Invoke(l); }))
        {
            var bootLogger = bootLoggerFactory.CreateLogger("Modular.Host");
            var loader = new PluginAssemblyLoader(options.Locator);
            for (var i = 0; i < hostConfig.Plugins.Count; i++)
            {
                var entry = hostConfig.Plugins[i];
                if (!entry.Enabled)
                {
                    continue;
                }
                try
                {
                    var plugin = loader.Load(entry, i, config);
                    var pluginServices = ConfigurePlugin(plugin, role, config, state, listeners);
                    foreach (var descriptor in guard.Admit(pluginServices))
                    {
                        if (descriptor.ServiceType.Assembly == plugin.Assembly && typeof(IRpcTarget).IsAssignableFrom(descriptor.ServiceType))
                        {
                            catalog.Add(plugin.Id, descriptor.ServiceType);
                        }
                        if (descriptor.ServiceType.Assembly == plugin.Assembly && typeof(IHttpEndpoints).IsAssignableFrom(descriptor.ServiceType))
                        {
                            endpoints.Add((plugin.Id, descriptor.ServiceType));
                        }
                        services.Add(GuardHostedService(descriptor, plugin));
                    }
                    directory.Add(plugin);
                }
                catch (Exception e) when (entry.Optional && e is ConfigException or PluginLoadException or ListenerException)
                {
                    listeners.RemovePlugin(entry.Id);
                    catalog.RemoveNamespace(entry.Id);
                    bootLogger.LogWarning("plugin '{Plugin}' is optional and was skipped: {Reason}", entry.Id, e.Message);
                }
            }
        }
        options.ConfigureServices?.Invoke(services);

        var hasListeners = rpcEndPoint is not null || listeners.Declarations.Count > 0;
        if (hasListeners)
        {
            builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, rpcEndPoint, listeners));
        }
        else
        {
            services.AddSingleton<IServer, NoListenerServer>();
        }

        var app = builder.Build();
        MapPipeline(app, rpcEndPoint, listeners, endpoints);
        var logger = app.Services.GetRequiredService<ILogger<ModularHost>>();
        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, listeners, directory, role));
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            logger.LogInformation("stopping: closing {Count} RPC connection(s), draining for up to {Seconds} s", tracker.Count, hostConfig.Rpc.DrainSeconds);
            tracker.CloseAll();
        });
        return new ModularHost(app, listeners, rpcEndPoint, state);
    }

    /// <summary>The host's Noise static key, and when <c>rpc.noiseListen</c> is set, the Noise RPC listener.</summary>
    private static void AddNoiseTransport(IServiceCollection services, ListenerRegistry listeners, LoadedConfig config)
    {
        var hostKey = new NoiseHostKey(config.DataDirectory);
        services.AddSingleton<INoiseHostKey>(hostKey);
        services.AddSingleton(config.Config.Rpc);
        if (config.Config.Rpc.NoiseListen is not { } address)
        {
            return;
        }
        var endPoint = ListenAddress.Parse(address, "rpc.noiseListen");
        _ = hostKey.KeyPair;
        services.AddSingleton<NoiseRpcConnectionHandler>();
        listeners.Declare(new ListenerDeclaration(PluginDirectory.HostNamespace, PluginDirectory.NoiseListener, endPoint, typeof(NoiseRpcConnectionHandler), null, null));
    }

    private static ServiceCollection ConfigurePlugin(LoadedPlugin plugin, PluginRoles role, LoadedConfig config, IStateStore state, ListenerRegistry listeners)
    {
        if (!plugin.Manifest.Roles.HasFlag(role))
        {
            throw new PluginLoadException(plugin.Id, $"has no {role.ToString().ToLowerInvariant()} role (it supports: {plugin.Manifest.Roles.ToString().ToLowerInvariant()})");
        }
        // The plugin registers into a collection of its own: when it fails half-way nothing of it reaches the host.
        var pluginServices = new ServiceCollection();
        var context = new PluginContext(plugin, role, config, state, listeners, pluginServices);
        try
        {
            plugin.CreateEntryPoint().ConfigureServices(context, pluginServices);
            pluginServices.Scan(scan => scan
                .FromAssemblies(plugin.Assembly)
                .AddClasses(c => c.AssignableTo<IRpcTarget>().Where(t => RoleFilter.RunsIn(t, role)))
                    .UsingRegistrationStrategy(RegistrationStrategy.Skip).AsSelf().WithScopedLifetime()
                .AddClasses(c => c.AssignableTo<IHttpEndpoints>().Where(t => RoleFilter.RunsIn(t, role)))
                    .UsingRegistrationStrategy(RegistrationStrategy.Skip).AsSelf().WithSingletonLifetime());
        }
        catch (Exception e) when (e is not (ConfigException or PluginLoadException))
        {
            listeners.RemovePlugin(plugin.Id);
            throw new PluginLoadException(plugin.Id, $"ConfigureServices failed: {e.Message}", e);
        }
        return pluginServices;
    }

    private static ServiceDescriptor GuardHostedService(ServiceDescriptor descriptor, LoadedPlugin plugin)
    {
        if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService)
        {
            return descriptor;
        }
        return ServiceDescriptor.Singleton<IHostedService>(sp =>
        {
            var inner = (IHostedService)Resolve(sp, descriptor);
            return new PluginHostedService(plugin.Id, plugin.Entry.Optional, inner, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Modular.Host"));
        });
    }

    /// <summary>
    /// Plugin TCP listeners get Kestrel's socket transport with 64 KiB memory blocks: Kestrel's 4 KiB blocks
    /// cap each receive at 4 KiB, which halved the throughput of the byte-pumping plugins.
    /// </summary>
    private static void AddRawTcpTransport(IServiceCollection services)
    {
        var kestrelPools = services.LastOrDefault(d => d.ServiceType == typeof(IMemoryPoolFactory<byte>))
            ?? throw new InvalidOperationException("Kestrel registered no memory pool factory");
        services.Remove(kestrelPools);
        services.AddSingleton<IMemoryPoolFactory<byte>>(sp => new ListenerMemoryPoolFactory((IMemoryPoolFactory<byte>)Resolve(sp, kestrelPools)));
        services.AddSingleton<IConnectionListenerFactory>(sp => new RawTcpTransportFactory(ActivatorUtilities.CreateInstance<SocketTransportFactory>(sp)));
    }

    /// <summary>What a non-keyed descriptor would have produced, for services the host wraps.</summary>
    private static object Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private static void ConfigureKestrel(KestrelServerOptions kestrel, IPEndPoint? rpcEndPoint, ListenerRegistry listeners)
    {
        kestrel.AddServerHeader = false;
        if (rpcEndPoint is not null)
        {
            kestrel.Listen(rpcEndPoint, listeners.BindRpc);
        }
        foreach (var declaration in listeners.Declarations)
        {
            // A raw TCP listener's address type routes its bind to RawTcpTransportFactory.
            var endPoint = declaration.HandlerType is null ? declaration.EndPoint : new RawTcpEndPoint(declaration.EndPoint.Address, declaration.EndPoint.Port);
            kestrel.Listen(endPoint, listen =>
            {
                listeners.Bind(declaration, listen);
                if (declaration.HandlerType is { } handlerType)
                {
                    var handler = (ConnectionHandler)kestrel.ApplicationServices.GetRequiredService(handlerType);
                    listen.Run(handler.OnConnectedAsync);
                }
                else if (declaration.Tls is { } tls)
                {
                    X509Certificate2 certificate;
                    try
                    {
                        certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
                    }
                    catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
                    {
                        throw new PluginLoadException(declaration.PluginId, $"listener '{declaration.Name}': cannot read the TLS certificate {tls.CertificatePath} / {tls.KeyPath}: {e.Message}", e);
                    }
                    listen.UseHttps(certificate);
                }
            });
        }
    }

    private static void MapPipeline(WebApplication app, IPEndPoint? rpcEndPoint, ListenerRegistry listeners, List<(string Plugin, Type Type)> endpoints)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        // A plugin's own HTTP listener gets only that plugin's pipeline; its requests never reach /rpc.
        foreach (var declaration in listeners.Declarations.Where(d => d.ConfigureHttp is not null))
        {
            app.MapWhen(http => http.Connection.LocalPort == listeners.BoundEndPoint(declaration).Port, declaration.ConfigureHttp!);
        }
        app.UseRouting();
        if (rpcEndPoint is not null)
        {
            var rpc = app.Services.GetRequiredService<RpcEndpoint>();
            app.Map("/rpc", rpc.HandleAsync);
        }
        foreach (var (plugin, type) in endpoints)
        {
            var routes = (IHttpEndpoints)app.Services.GetRequiredService(type);
            routes.Map(app.MapGroup("/" + (routes.RoutePrefix ?? plugin).Trim('/')));
        }
    }

    private static void LogListening(ILogger logger, ListenerRegistry listeners, PluginDirectory directory, PluginRoles role)
    {
        logger.LogInformation("modular {Role} started with plugins: {Plugins}", role.ToString().ToLowerInvariant(),
            directory.Plugins.Count == 0 ? "(none)" : string.Join(", ", directory.Plugins.Select(p => $"{p.Id} {p.Version}")));
        if (listeners.Rpc is { } rpc)
        {
            logger.LogInformation("rpc listening on ws://{Address}/rpc", rpc);
        }
        foreach (var declaration in listeners.Declarations)
        {
            logger.LogInformation("{Plugin}/{Listener} listening on {Address}", declaration.PluginId, declaration.Name, listeners.BoundEndPoint(declaration));
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listeners.CheckAvailable(_rpcEndPoint);
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ListenerException($"cannot start listeners: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Starts, then runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        (_state as IDisposable)?.Dispose();
    }
}
