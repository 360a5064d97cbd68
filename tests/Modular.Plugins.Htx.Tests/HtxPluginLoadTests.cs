using System.Text.Json;
using Modular.Sdk.Config;
using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

public sealed class HtxPluginLoadTests
{
    [Fact]
    public async Task Plugin_loads_creates_an_owner_only_key_file_and_is_listed_by_host_plugins()
    {
        await using var site = await HtxSite.StartAsync();
        using var rpc = await site.Host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        Assert.Contains(plugins.EnumerateArray(), p => p.GetProperty("id").GetString() == "htx");
        var keyFile = Path.Combine(site.Host.DataDirectory, "htx-ticket.key");
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Theory]
    [InlineData("upstream", null, "config.upstream: is required")]
    [InlineData("carriers", "cookie:1,smoke:1", "config.carriers: 'cookie:1,smoke:1' 'smoke' is not a carrier")]
    [InlineData("padding", "64..24", "config.padding")]
    [InlineData("keyId", "abc", "config.keyId")]
    [InlineData("decoy", "no-such-folder", "config.decoy: the folder")]
    public async Task Bad_config_is_refused_with_a_message_naming_the_key(string key, string? value, string expected)
    {
        var config = new Dictionary<string, object?> { ["listen"] = "127.0.0.1:0", ["upstream"] = "http://127.0.0.1:1", ["decoy"] = "http://127.0.0.1:2", [key] = value };

        var error = await Assert.ThrowsAsync<ConfigException>(() => TestHost.StartAsync(TestHost.ConfigWith(new { id = "htx", config })));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("not a key at all", "holds no PEM 'PRIVATE KEY' block")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n", "is not an X25519 private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "PEM")]
    public async Task Unreadable_key_file_is_refused_naming_the_key_and_the_file(string content, string expected)
    {
        var directory = TestHost.CreateTempDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory, "bad.key"), content);
        var config = new { listen = "127.0.0.1:0", upstream = "http://127.0.0.1:1", decoy = "http://127.0.0.1:2", keyFile = "bad.key" };

        var error = await Assert.ThrowsAsync<ConfigException>(() => TestHost.StartAsync(TestHost.ConfigWith(new { id = "htx", config }), directory: directory));

        Assert.Contains("config.keyFile", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
