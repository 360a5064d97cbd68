using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Modular.Plugins.Relay.Cli;
using Modular.Sdk.Config;
using Modular.Sdk.Listeners;
using Modular.Sdk.Plugins;
using Modular.Sdk.State;
using Modular.Testing;

namespace Modular.Plugins.Relay.Tests;

public sealed class CliVerbsTests
{
    [Fact]
    public async Task Receive_verb_takes_the_relay_from_the_client_config_and_writes_the_files()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "cli.txt");
        await File.WriteAllTextAsync(file, "through the verbs");
        var output = TestHost.CreateTempDirectory();
        using var sender = relay.Client();
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var send = sender.SendAsync([file], null, code.SetResult);

        var exit = await InvokeAsync(new { client = new { relay = relay.BaseUri.ToString(), pollMilliseconds = 20 } },
            "relay", "receive", await code.Task.WaitAsync(RelayTestHost.Patience), "--out", output);

        Assert.Equal(0, exit);
        await send.WaitAsync(RelayTestHost.Patience);
        Assert.Equal("through the verbs", await File.ReadAllTextAsync(Path.Combine(output, "cli.txt")));
    }

    [Fact]
    public async Task Send_and_receive_follow_a_relay_mounted_under_another_route_prefix()
    {
        await using var relay = await RelayTestHost.StartAsync(new { tcpListen = new[] { "127.0.0.1:0" }, routePrefix = "xfer" });
        var file = Path.Combine(TestHost.CreateTempDirectory(), "prefixed.txt");
        await File.WriteAllTextAsync(file, "under xfer");
        var output = TestHost.CreateTempDirectory();
        using var sender = new Client.RelayClient(relay.Settings() with { RoutePrefix = "xfer" });
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var send = sender.SendAsync([file], null, code.SetResult);

        var exit = await InvokeAsync(new { routePrefix = "xfer", client = new { relay = relay.BaseUri.ToString(), pollMilliseconds = 20 } },
            "relay", "receive", await code.Task.WaitAsync(RelayTestHost.Patience), "--out", output);

        Assert.Equal(0, exit);
        await send.WaitAsync(RelayTestHost.Patience);
        Assert.Equal("under xfer", await File.ReadAllTextAsync(Path.Combine(output, "prefixed.txt")));
    }

    [Fact]
    public async Task A_verb_with_an_invalid_client_config_exits_2_before_contacting_any_relay()
    {
        var file = Path.Combine(TestHost.CreateTempDirectory(), "a.txt");
        await File.WriteAllTextAsync(file, "a");

        Assert.Equal(2, await InvokeAsync(new { client = new { relay = "http://127.0.0.1:9", passwordWords = 1 } }, "relay", "send", file));
        Assert.Equal(2, await InvokeAsync(new { client = new { relay = "http://127.0.0.1:9", nosuch = 1 } }, "relay", "send", file));
    }

    [Fact]
    public async Task A_verb_with_no_relay_anywhere_exits_1_and_an_unknown_curve_too()
    {
        var file = Path.Combine(TestHost.CreateTempDirectory(), "a.txt");
        await File.WriteAllTextAsync(file, "a");
        if (Environment.GetEnvironmentVariable("MODULAR_RELAY") is null)
        {
            Assert.Equal(1, await InvokeAsync(new { }, "relay", "receive", "abc-tiger"));
        }
        Assert.Equal(1, await InvokeAsync(new { client = new { relay = "http://127.0.0.1:9" } }, "relay", "send", file, "--curve", "p999"));
    }

    private static async Task<int> InvokeAsync(object config, params string[] args)
    {
        var command = new Command("relay");
        new RelayCliVerbs(new ConfigOnlyContext(JsonSerializer.SerializeToElement(config)), TimeProvider.System).AddTo(command);
        var root = new RootCommand { command };
        return await root.Parse(args).InvokeAsync().WaitAsync(RelayTestHost.Patience);
    }

    /// <summary>What the CLI gives the verbs: the plugin's config, and nothing that listens.</summary>
    private sealed class ConfigOnlyContext(JsonElement config) : IPluginContext
    {
        public string PluginId => "relay";

        public PluginRoles Role => PluginRoles.Client;

        public string DataDirectory => Path.GetTempPath();

        public string ConfigDirectory => Path.GetTempPath();

        public JsonElement Config => config;

        public IStateStore State { get; } = new MemoryStateStore(TimeProvider.System);

        public T BindConfig<T>() where T : new() => ConfigJson.Bind<T>(config, "config");

        public string ResolvePath(string path) => Path.GetFullPath(path, ConfigDirectory);

        public void AddTcpListener<THandler>(string name, string address) where THandler : ConnectionHandler =>
            throw new NotSupportedException("verbs declare no listener");

        public void AddHttpListener(string name, string address, Action<IApplicationBuilder> configure, TlsCertificateFiles? tls = null) =>
            throw new NotSupportedException("verbs declare no listener");
    }
}
