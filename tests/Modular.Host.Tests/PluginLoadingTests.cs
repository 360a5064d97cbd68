using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Modular.Host.Loading;
using Modular.Testing;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Host.Tests;

public sealed class PluginLoadingTests
{
    [Fact]
    public async Task A_plugin_built_outside_the_solution_loads_from_its_path_and_answers()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { greeting = "hi", nested = new { level = 3 } })));
        using var rpc = await host.ConnectAsync();

        Assert.Equal("hi, ada (level 3)", await rpc.InvokeWithParameterObjectAsync<string>("sample.greet", new { name = "ada" }));
        Assert.Equal(5, await rpc.InvokeWithParameterObjectAsync<int>("sample.add", new { a = 2, b = 3 }));
    }

    [Fact]
    public async Task Two_plugins_with_different_major_versions_of_one_package_each_see_their_own()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Entry("json12"), Fixtures.Entry("json13")));
        using var rpc = await host.ConnectAsync();

        var twelve = await rpc.InvokeWithParameterObjectAsync<string>("json12.version");
        var thirteen = await rpc.InvokeWithParameterObjectAsync<string>("json13.version");

        Assert.Equal("12.0.0.0 {\"ok\":true}", twelve);
        Assert.Equal("13.0.0.0 {\"ok\":true}", thirteen);
    }

    [Fact]
    public async Task A_plugin_built_against_another_sdk_version_is_refused_naming_both_versions()
    {
        var error = await Assert.ThrowsAsync<PluginLoadException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Entry("othersdk", folder: "othersdkplugin"))));

        Assert.Equal("othersdk", error.PluginId);
        Assert.Contains("Modular.Sdk 0.9.0.0", error.Message);
        Assert.Contains("Modular.Sdk 1.0.0.0", error.Message);
    }

    [Fact]
    public async Task A_plugin_that_ships_its_own_copy_of_a_host_provided_assembly_is_refused()
    {
        var folder = Path.Combine(TestHost.CreateTempDirectory(), "sample");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Fixtures.PathOf("sample")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        File.Copy(typeof(JsonRpc).Assembly.Location, Path.Combine(folder, "StreamJsonRpc.dll"));

        var error = await Assert.ThrowsAsync<PluginLoadException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(new { id = "sample", path = folder })));

        Assert.Contains("ships its own StreamJsonRpc.dll", error.Message);
    }

    [Fact]
    public async Task A_plugin_whose_ConfigureServices_throws_stops_the_host_naming_plugin_and_cause()
    {
        var error = await Assert.ThrowsAsync<PluginLoadException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { fail = "configure" }))));

        Assert.Equal("plugin 'sample': ConfigureServices failed: configured to fail in ConfigureServices", error.Message);
    }

    [Fact]
    public async Task A_plugin_whose_start_throws_stops_the_host_naming_plugin_and_cause()
    {
        var error = await Assert.ThrowsAsync<PluginLoadException>(() =>
            TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { fail = "start" }))));

        Assert.Equal("plugin 'sample': failed to start: configured to fail at start", error.Message);
    }

    [Theory]
    [InlineData("configure")]
    [InlineData("start")]
    public async Task An_optional_plugin_that_fails_is_skipped_with_a_warning(string stage)
    {
        var logs = new LogCapture();
        await using var host = await TestHost.StartAsync(
            TestHost.ConfigWith(Fixtures.Sample(new { fail = stage }, optional: true), Fixtures.Entry("json13")), logs: logs);
        using var rpc = await host.ConnectAsync();

        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping"));
        Assert.StartsWith("13.0.0.0", await rpc.InvokeWithParameterObjectAsync<string>("json13.version"));
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("plugin 'sample' is optional") && e.Message.Contains($"configured to fail"));
        if (stage == "configure")
        {
            var missing = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => rpc.InvokeWithParameterObjectAsync<string>("sample.greet", new { name = "x" }));
            Assert.Equal(JsonRpcErrorCode.MethodNotFound, missing.ErrorCode);
        }
    }

    [Fact]
    public async Task A_plugin_cannot_replace_a_service_the_host_owns()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample()), time: time);
        using var rpc = await host.ConnectAsync();

        Assert.Equal(time.GetUtcNow(), await rpc.InvokeWithParameterObjectAsync<DateTimeOffset>("sample.now"));
    }

    [Fact]
    public async Task A_disabled_plugin_is_not_loaded()
    {
        await using var host = await TestHost.StartAsync(new
        {
            state = new { provider = "memory" },
            plugins = new object[] { new { id = "sample", enabled = false, path = Fixtures.PathOf("sample") } },
        });
        using var rpc = await host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        Assert.DoesNotContain(plugins.EnumerateArray(), p => p.GetProperty("id").GetString() == "sample");
    }
}
