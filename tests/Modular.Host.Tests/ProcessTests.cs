using System.Net.WebSockets;
using Modular.Testing;

namespace Modular.Host.Tests;

/// <summary>The real executable: what an operator sees at start, on Ctrl-C, and from <c>modular plugins</c>.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Serve_answers_ping_then_ctrl_c_closes_connections_and_exits_0()
    {
        var config = await WriteConfigAsync("""{ "rpc": { "listen": "127.0.0.1:0", "drainSeconds": 5 }, "state": { "provider": "memory" }, "plugins": [ { "id": "sample", "path": "SAMPLE" } ] }""");
        using var modular = ModularProcess.Start("serve", "--config", config);
        using var socket = await RawWebSocket.ConnectAsync(await modular.RpcUri);
        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"host.ping\"}");
        Assert.Contains("pong", await socket.ReceiveAsync());

        modular.Interrupt();

        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal(0, await modular.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(modular.Output, line => line.Contains("stopping: closing 1 RPC connection(s)"));
    }

    [Fact]
    public async Task The_client_role_without_listeners_starts_and_exits_0_on_ctrl_c()
    {
        var config = await WriteConfigAsync("""{ "state": { "provider": "memory" }, "plugins": [ { "id": "sample", "path": "SAMPLE" } ] }""");
        using var modular = ModularProcess.Start("client", "--config", config);
        await modular.Started;

        modular.Interrupt();

        Assert.Equal(0, await modular.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(modular.Output, line => line.Contains("modular client started with plugins: sample 1.0.0"));
        Assert.DoesNotContain(modular.Output, line => line.Contains("listening"));
    }

    [Fact]
    public async Task Plugins_lists_what_a_config_loads_and_names_what_it_cannot_find()
    {
        var config = await WriteConfigAsync("""{ "plugins": [ { "id": "sample", "path": "SAMPLE" }, { "id": "gone", "path": "nowhere" } ] }""");
        using var modular = ModularProcess.Start("plugins", "--config", config);

        Assert.Equal(1, await modular.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(modular.Output, line => line.StartsWith("sample") && line.Contains("1.0.0") && line.Contains("server, client"));
        Assert.Contains(modular.Output, line => line.StartsWith("gone") && line.Contains("does not exist"));
    }

    [Fact]
    public async Task A_config_error_exits_2_with_the_message_on_stderr()
    {
        var config = await WriteConfigAsync("""{ "rpc": { "listen": "127.0.0.1:0", "port": 1 } }""");
        using var modular = ModularProcess.Start("serve", "--config", config);

        Assert.Equal(2, await modular.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(modular.Output, line => line.Contains("config error") && line.Contains("unknown key 'port' at rpc.port"));
    }

    [Fact]
    public async Task Every_cli_verbs_class_of_a_plugin_adds_its_verbs()
    {
        var config = await WriteConfigAsync("""{ "plugins": [ { "id": "sample", "path": "SAMPLE" } ] }""");

        using var greet = ModularProcess.Start("sample", "greet", "ada", "--config", config);
        using var exit = ModularProcess.Start("sample", "exit", "7", "--config", config);

        Assert.Equal(0, await greet.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("hello, ada", greet.Output);
        Assert.Equal(7, await exit.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Help_explains_the_commands()
    {
        using var modular = ModularProcess.Start("--help");

        Assert.Equal(0, await modular.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var help = string.Join('\n', modular.Output);
        Assert.Contains("serve", help);
        Assert.Contains("client", help);
        Assert.Contains("plugins", help);
        Assert.Contains("--config", help);
    }

    private static async Task<string> WriteConfigAsync(string json)
    {
        var path = Path.Combine(TestHost.CreateTempDirectory(), "config.json");
        await File.WriteAllTextAsync(path, json.Replace("SAMPLE", Fixtures.PathOf("sample")));
        return path;
    }
}
