using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.Host.Configuration;
using Modular.Host.Hosting;
using Modular.Host.Loading;
using Modular.Sdk.Cli;
using Modular.Sdk.Config;
using Modular.Sdk.Plugins;
using Modular.Sdk.State;
using Scrutor;

namespace Modular.Host.Cli;

/// <summary>
/// The <c>modular &lt;pluginId&gt; &lt;verb&gt;</c> commands of the config's enabled plugins. Verbs run
/// without listeners: each plugin's <see cref="ICliVerbs"/> are built in a small container of their
/// own (its context, logging to stderr, the clock, its state).
/// </summary>
public sealed class PluginVerbs : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly DeferredStateStore? _state;

    private PluginVerbs(DeferredStateStore? state) => _state = state;

    public List<Command> Commands { get; } = [];

    /// <summary>Why some plugins offer no verbs (the config or the plugin did not load).</summary>
    public List<string> Problems { get; } = [];

    public static PluginVerbs Discover(string configPath, PluginLocator locator)
    {
        LoadedConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            var none = new PluginVerbs(null);
            none.Problems.Add(e.Message);
            return none;
        }

        var state = new DeferredStateStore(() =>
        {
            Directory.CreateDirectory(config.DataDirectory);
            return config.Config.State.Provider == StateProvider.Sqlite
                ? new SqliteStateStore(Path.Combine(config.DataDirectory, config.Config.State.File), TimeProvider.System)
                : new MemoryStateStore(TimeProvider.System);
        });
        var verbs = new PluginVerbs(state);
        var loader = new PluginAssemblyLoader(locator);
        for (var i = 0; i < config.Config.Plugins.Count; i++)
        {
            var entry = config.Config.Plugins[i];
            if (!entry.Enabled)
            {
                continue;
            }
            try
            {
                verbs.AddPlugin(loader.Load(entry, i, config), config, state);
            }
            catch (Exception e) when (e is PluginLoadException or ConfigException)
            {
                verbs.Problems.Add(e.Message);
            }
        }
        return verbs;
    }

    private void AddPlugin(LoadedPlugin plugin, LoadedConfig config, IStateStore state)
    {
        var services = new ServiceCollection();
        var role = plugin.Manifest.Roles.HasFlag(PluginRoles.Client) ? PluginRoles.Client : PluginRoles.Server;
        var context = new PluginContext(plugin, role, config, state, listeners: null, services);
        services.AddSingleton<IPluginContext>(context);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging => logging.AddSimpleConsole(c => c.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.Scan(scan => scan.FromAssemblies(plugin.Assembly)
            .AddClasses(c => c.AssignableTo<ICliVerbs>())
            .UsingRegistrationStrategy(RegistrationStrategy.Append)
            .As<ICliVerbs>()
            .WithSingletonLifetime());
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var verbs = provider.GetServices<ICliVerbs>().ToList();
        if (verbs.Count == 0)
        {
            return;
        }
        var command = new Command(plugin.Id, $"Commands of the '{plugin.Id}' plugin ({plugin.Version})");
        foreach (var verb in verbs)
        {
            verb.AddTo(command);
        }
        Commands.Add(command);
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
        _state?.Dispose();
    }
}
