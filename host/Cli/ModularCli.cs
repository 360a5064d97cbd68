using System.CommandLine;
using Modular.Host.Configuration;
using Modular.Host.Hosting;
using Modular.Host.Loading;
using Modular.Sdk.Config;
using Modular.Sdk.Plugins;

namespace Modular.Host.Cli;

/// <summary>
/// The <c>modular</c> command line. Exit codes: 0 success, 1 a plugin or listener failed,
/// 2 the config is wrong (the message says where).
/// </summary>
public static class ModularCli
{
    public const int ExitFailure = 1;
    public const int ExitConfigError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var configOption = new Option<string>("--config", "-c")
        {
            Description = "The config file (JSON: rpc, admin, dataDir, state, plugins); relative paths in it are relative to it",
            DefaultValueFactory = _ => "plugins.json",
            Recursive = true,
        };

        var root = new RootCommand("""
            modular: a plugin-based network host. One binary runs as a server on public nodes
            ('modular serve') or as a client in private workloads ('modular client'); the config
            file chooses the plugins. JSON-RPC 2.0 is served over WebSocket at ws://<rpc.listen>/rpc.
            """);
        root.Options.Add(configOption);

        var serve = new Command("serve", "Run the server role: /rpc, plugin routes and plugin listeners, until Ctrl-C");
        serve.SetAction((parse, ct) => RunHostAsync(parse.GetValue(configOption)!, PluginRoles.Server, ct));
        root.Subcommands.Add(serve);

        var client = new Command("client", "Run the client role (for example the proxy's NAT side), until Ctrl-C");
        client.SetAction((parse, ct) => RunHostAsync(parse.GetValue(configOption)!, PluginRoles.Client, ct));
        root.Subcommands.Add(client);

        var plugins = new Command("plugins", "List the plugins the config would load, where from, and their versions and roles");
        plugins.SetAction(parse => ListPlugins(parse.GetValue(configOption)!));
        root.Subcommands.Add(plugins);

        root.Subcommands.Add(KeysCommand.Create(configOption));

        using var verbs = PluginVerbs.Discover(ConfigPathFrom(args), PluginLocator.Default);
        foreach (var command in verbs.Commands)
        {
            root.Subcommands.Add(command);
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && verbs.Problems.Count > 0)
        {
            foreach (var problem in verbs.Problems)
            {
                Console.Error.WriteLine($"modular: note: {problem}");
            }
        }
        // The host drains on its own (rpc.drainSeconds); the parser must not kill the process first.
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    private static async Task<int> RunHostAsync(string configPath, PluginRoles role, CancellationToken cancellationToken)
    {
        try
        {
            var config = ConfigLoader.Load(configPath);
            await using var host = ModularHost.Create(config, role);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ConfigException e)
        {
            ReportConfigError(e);
            return ExitConfigError;
        }
        catch (Exception e) when (e is PluginLoadException or ListenerException)
        {
            Console.Error.WriteLine($"modular: {e.Message}");
            return ExitFailure;
        }
    }

    private static int ListPlugins(string configPath)
    {
        if (TryLoadConfig(configPath) is not { } config)
        {
            return ExitConfigError;
        }
        var loader = new PluginAssemblyLoader(PluginLocator.Default);
        var failures = 0;
        Console.WriteLine($"{"ID",-10} {"ENABLED",-8} {"VERSION",-10} {"ROLES",-16} SOURCE");
        for (var i = 0; i < config.Config.Plugins.Count; i++)
        {
            var entry = config.Config.Plugins[i];
            try
            {
                var plugin = loader.Load(entry, i, config);
                Console.WriteLine($"{entry.Id,-10} {(entry.Enabled ? "yes" : "no"),-8} {plugin.Version,-10} {plugin.Manifest.Roles.ToString().ToLowerInvariant(),-16} {plugin.Assembly.Location}");
            }
            catch (PluginLoadException e)
            {
                failures += entry.Enabled && !entry.Optional ? 1 : 0;
                Console.WriteLine($"{entry.Id,-10} {(entry.Enabled ? "yes" : "no"),-8} {"-",-10} {"-",-16} error: {e.Message}");
            }
        }
        return failures == 0 ? 0 : ExitFailure;
    }

    /// <summary>Loads the config, or says on stderr why it cannot and returns null.</summary>
    internal static LoadedConfig? TryLoadConfig(string path)
    {
        try
        {
            return ConfigLoader.Load(path);
        }
        catch (ConfigException e)
        {
            ReportConfigError(e);
            return null;
        }
    }

    private static void ReportConfigError(ConfigException e) => Console.Error.WriteLine($"modular: config error: {e.Message}");

    /// <summary>The --config value before full parsing: plugin verbs have to exist before the parser sees them.</summary>
    private static string ConfigPathFrom(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" && i + 1 < args.Length)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }
        return "plugins.json";
    }
}
