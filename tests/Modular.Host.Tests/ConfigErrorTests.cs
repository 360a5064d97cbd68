using System.Net;
using System.Net.Sockets;
using Modular.Host.Cli;
using Modular.Host.Configuration;
using Modular.Host.Hosting;
using Modular.Host.Loading;
using Modular.Sdk.Config;
using Modular.Testing;

namespace Modular.Host.Tests;

public sealed class ConfigErrorTests
{
    [Fact]
    public void Invalid_json_is_reported_with_file_line_and_column()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("{\n  \"rpc\": {\n    \"listen\": 12,,\n  }\n}", "/etc/modular.json"));

        Assert.StartsWith("/etc/modular.json:3:18: not valid JSON", error.Message);
    }

    [Fact]
    public async Task Invalid_json_exits_with_code_2()
    {
        var directory = TestHost.CreateTempDirectory();
        var path = Path.Combine(directory, "broken.json");
        await File.WriteAllTextAsync(path, "{ \"plugins\": [ }");

        var exitCode = await ModularCli.RunAsync(["serve", "--config", path]);

        Assert.Equal(ModularCli.ExitConfigError, exitCode);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var config = ConfigLoader.Parse("{ // the server\n \"rpc\": { \"listen\": \"127.0.0.1:0\", }, /* none */ \"plugins\": [], }", "/c.json");

        Assert.Equal("127.0.0.1:0", config.Config.Rpc.Listen);
    }

    [Theory]
    [InlineData("{ \"rcp\": {} }", "unknown key 'rcp' at rcp")]
    [InlineData("{ \"rpc\": { \"lsten\": \"127.0.0.1:1\" } }", "unknown key 'lsten' at rpc.lsten")]
    [InlineData("{ \"state\": { \"provider\": \"memory\", \"path\": \"x\" } }", "unknown key 'path' at state.path")]
    [InlineData("{ \"plugins\": [ { \"id\": \"a\" }, { \"id\": \"b\", \"enable\": true } ] }", "unknown key 'enable' at plugins[1].enable")]
    public void An_unknown_key_is_named_with_its_path(string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "/c.json"));

        Assert.Equal($"/c.json: {expected}", error.Message);
    }

    [Theory]
    [InlineData("{ \"admin\": { \"tokens\": null } }", "admin.tokens: must not be null")]
    [InlineData("{ \"rpc\": { \"allowedOrigins\": null } }", "rpc.allowedOrigins: must not be null")]
    [InlineData("{ \"admin\": { \"tokens\": [ \"0123456789abcdef\", null ] } }", "admin.tokens: must not hold null")]
    public void A_null_where_a_value_is_needed_names_its_path(string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "/c.json"));

        Assert.Equal($"/c.json: {expected}", error.Message);
    }

    [Theory]
    [InlineData("https://console.example.com/")]
    [InlineData("https://console.example.com/app")]
    [InlineData("https://console.example.com?x=1")]
    [InlineData("https://console.example.com:443")]
    [InlineData("https://admin@console.example.com")]
    [InlineData("https://bücher.example")]
    [InlineData("ftp://console.example.com")]
    [InlineData("console.example.com")]
    [InlineData("")]
    public void An_allowed_origin_must_be_written_as_browsers_send_it(string origin)
    {
        var json = $"{{ \"rpc\": {{ \"allowedOrigins\": [ \"https://ok.example:8443\", \"{origin}\" ] }} }}";

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "/c.json"));

        Assert.StartsWith($"/c.json: rpc.allowedOrigins[1]: '{origin}' is not a web origin as browsers send it", error.Message);
    }

    [Fact]
    public void Allowed_origins_take_ports_ipv6_and_punycode_hosts()
    {
        string[] origins = ["https://ok.example:8443", "http://[::1]:9080", "https://xn--bcher-kva.example", "HTTP://Console.Example.com"];
        var json = $"{{ \"rpc\": {{ \"allowedOrigins\": [ {string.Join(", ", origins.Select(o => $"\"{o}\""))} ] }} }}";

        Assert.Equal(origins, ConfigLoader.Parse(json, "/c.json").Config.Rpc.AllowedOrigins);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_its_path()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("{ \"rpc\": { \"maxConnections\": \"many\" } }", "/c.json"));

        Assert.StartsWith("/c.json: rpc.maxConnections:", error.Message);
    }

    [Fact]
    public async Task An_unknown_key_in_a_plugins_own_config_is_named_with_its_path()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { nested = new { level = 1, depth = 2 } }))));

        Assert.EndsWith("unknown key 'depth' at plugins[0].config.nested.depth", error.Message);
    }

    [Fact]
    public void A_plugin_listed_twice_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("{ \"plugins\": [ { \"id\": \"proxy\" }, { \"id\": \"proxy\" } ] }", "/c.json"));

        Assert.Equal("/c.json: plugins[1]: plugin id 'proxy' appears twice; each plugin may be listed once", error.Message);
    }

    [Fact]
    public void An_unknown_plugin_is_named_and_the_available_ones_listed()
    {
        var config = ConfigLoader.Parse("{ \"plugins\": [ { \"id\": \"nosuch\" } ] }", Path.Combine(TestHost.CreateTempDirectory(), "c.json"));

        var error = Assert.Throws<PluginLoadException>(() => ModularHost.Create(config, Sdk.Plugins.PluginRoles.Server,
            new ModularHostOptions { Locator = new PluginLocator([RepoPaths.Fixtures]) }));

        Assert.Equal("nosuch", error.PluginId);
        Assert.Contains("unknown plugin", error.Message);
        Assert.Contains("available: json12, json13, othersdk, othersdkplugin, sample", error.Message);
    }

    [Fact]
    public async Task A_listen_address_in_use_is_named_with_the_plugin()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<ListenerException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { echoListen = $"127.0.0.1:{port}" }))));

        Assert.StartsWith($"plugin 'sample' listener 'echo' (127.0.0.1:{port}): cannot listen on 127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task An_unparsable_listen_address_is_named_with_the_plugin()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { echoListen = "localhost:http" }))));

        Assert.Contains("plugin 'sample' listener 'echo': 'localhost:http' is not a listen address", error.Message);
    }

    [Fact]
    public void An_unparsable_rpc_listen_address_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("{ \"rpc\": { \"listen\": \"9080\" } }", "/c.json"));

        Assert.Contains("rpc.listen: '9080' is not a listen address", error.Message);
    }
}
