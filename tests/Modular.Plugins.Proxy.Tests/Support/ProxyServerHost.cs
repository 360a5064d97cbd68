using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Proxy.Protocol;
using Modular.Testing;
using StreamJsonRpc;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>A real host in the server role with the proxy plugin on loopback port 0, short timeouts, and an admin connection.</summary>
internal sealed class ProxyServerHost : IAsyncDisposable
{
    private ProxyServerHost(TestHost host, JsonRpc admin)
    {
        Host = host;
        Admin = admin;
    }

    public TestHost Host { get; }

    public JsonRpc Admin { get; }

    public int HttpPort => Host.Listeners.Get("proxy", "http").Port;

    public int TlsPort => Host.Listeners.Get("proxy", "tls").Port;

    public int DataPort => Host.Listeners.Get("proxy", "data").Port;

    public static Dictionary<string, object?> DefaultConfig() => new()
    {
        ["httpListen"] = "127.0.0.1:0",
        ["tlsListen"] = "127.0.0.1:0",
        ["dataListen"] = "127.0.0.1:0",
        ["sniffTimeoutMs"] = 500,
        ["maxSniffBytes"] = 4096,
        // Generous where a slow, shared CI machine must not fail a test; the timeout tests set their own.
        ["connectBackTimeoutMs"] = 3000,
        ["identifyTimeoutMs"] = 2000,
    };

    /// <summary>
    /// Starts a server. <paramref name="configure"/> edits the plugin config; <paramref name="dataDir"/>
    /// (with SQLite state) and <paramref name="rpcListen"/> let a test restart "the same" server.
    /// </summary>
    public static async Task<ProxyServerHost> StartAsync(Action<Dictionary<string, object?>>? configure = null, string? dataDir = null, string rpcListen = "127.0.0.1:0")
    {
        var config = DefaultConfig();
        configure?.Invoke(config);
        object hostConfig = dataDir is null
            ? new { rpc = new { listen = rpcListen }, state = new { provider = "memory" }, plugins = new[] { new { id = "proxy", config } } }
            : new { rpc = new { listen = rpcListen }, dataDir, state = new { provider = "sqlite" }, plugins = new[] { new { id = "proxy", config } } };
        var host = await TestHost.StartAsync(hostConfig);
        try
        {
            return new ProxyServerHost(host, await host.ConnectAsync(admin: true));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh secret (hex); registers <paramref name="host"/> with its hash.</summary>
    public async Task<string> RegisterAsync(string host)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        await Admin.InvokeWithParameterObjectAsync("proxy.register", new { host, secretHash = ProxySecrets.HashHex(secret) });
        return Convert.ToHexStringLower(secret);
    }

    public async Task<JsonElement> ListAsync() => await Admin.InvokeWithParameterObjectAsync<JsonElement>("proxy.list", new { });

    /// <summary>The <c>proxy.list</c> row of <paramref name="host"/>, or null.</summary>
    public async Task<JsonElement?> RowAsync(string host)
    {
        foreach (var row in (await ListAsync()).EnumerateArray())
        {
            if (row.GetProperty("host").GetString() == host)
            {
                return row;
            }
        }
        return null;
    }

    /// <summary>Polls <c>proxy.list</c> until <paramref name="predicate"/> holds for the host's row.</summary>
    public async Task WaitForAsync(string host, Func<JsonElement, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + Wire.Timeout;
        JsonElement? row = null;
        while (DateTime.UtcNow < deadline)
        {
            row = await RowAsync(host);
            if (row is { } r && predicate(r))
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"{host}: {what} did not happen; last row: {row}");
    }

    public Task WaitForSubscribersAsync(string host, int count) =>
        WaitForAsync(host, r => r.GetProperty("subscribers").GetInt32() == count, $"{count} subscriber(s)");

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
