using System.Text.Json;
using Modular.Plugins.T3p.Passwords;
using Modular.Plugins.T3p.Storage;
using Modular.Sdk.Noise;
using Modular.Testing;
using StreamJsonRpc;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>
/// A T3P host and, optionally, a service host that trusts it (<c>auth.t3p</c>), both real hosts on
/// loopback with Noise listeners. Data directories live outside the hosts' temporary directories so a
/// host can be restarted on the same data.
/// </summary>
public sealed class T3pTestBed : IAsyncDisposable
{
    public const string Domain = "example.org";
    public const string ServiceName = "files";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly string _root;
    private readonly object _t3pConfig;
    private readonly TimeProvider? _time;

    private T3pTestBed(string root, object t3pConfig, TimeProvider? time, NoiseKeyPair serviceKey)
    {
        _root = root;
        _t3pConfig = t3pConfig;
        _time = time;
        ServiceKey = serviceKey;
    }

    public TestHost T3p { get; private set; } = null!;

    public TestHost? Service { get; private set; }

    public NoiseKeyPair ServiceKey { get; }

    public string T3pDataDirectory => Path.Combine(_root, "t3p-data");

    public string T3pAddress => T3p.Listeners.Get("host", "noise").ToString();

    public ReadOnlyMemory<byte> T3pNoiseKey => NoiseKeyFile.Read(Path.Combine(T3pDataDirectory, "noise.key")).PublicKey;

    /// <summary>
    /// Starts a T3P serving <see cref="Domain"/> and knowing the service <see cref="ServiceName"/>, with
    /// <paramref name="users"/> (name@domain, password, roles, groups) added first at <paramref name="argon2MemoryKiB"/>.
    /// </summary>
    public static async Task<T3pTestBed> StartAsync(
        IEnumerable<(string Name, string Password, string[] Roles, string[] Groups)> users,
        bool withService = false, int argon2MemoryKiB = 1024, int failureDelayMilliseconds = 0, string[]? acl = null, TimeProvider? time = null)
    {
        var root = TestHost.CreateTempDirectory();
        var serviceKey = NoiseKeyPair.Generate();
        var config = new
        {
            domains = new[] { Domain },
            services = new[] { new { name = ServiceName, pubkey = Convert.ToHexStringLower(serviceKey.PublicKey.Span) } },
            acl = acl ?? ["srv * : allow : srv * info pubkey", "user * : allow : user * info groups"],
            argon2MemoryKiB,
            failureDelayMilliseconds,
        };
        var bed = new T3pTestBed(root, config, time, serviceKey);
        var database = new T3pDatabase(Path.Combine(bed.T3pDataDirectory, "t3p.db"));
        var hasher = new Argon2PasswordHasher(argon2MemoryKiB, 2);
        foreach (var (name, password, roles, groups) in users)
        {
            database.AddUser(new T3pUser(name, hasher.Hash(password), roles, groups));
        }
        await bed.StartT3pAsync();
        if (withService)
        {
            await bed.StartServiceAsync();
        }
        return bed;
    }

    /// <summary>Stops the T3P and starts a new one on the same data directory (same keys, users, tickets).</summary>
    public async Task RestartT3pAsync()
    {
        await T3p.DisposeAsync();
        await StartT3pAsync();
    }

    private async Task StartT3pAsync() =>
        T3p = await TestHost.StartAsync(new
        {
            rpc = new { noiseListen = "127.0.0.1:0" },
            dataDir = T3pDataDirectory,
            state = new { provider = "memory" },
            plugins = new[] { new { id = "t3p", config = _t3pConfig } },
        }, time: _time);

    private async Task StartServiceAsync()
    {
        var serviceData = Path.Combine(_root, "service-data");
        Directory.CreateDirectory(serviceData);
        NoiseKeyFile.Write(Path.Combine(serviceData, "noise.key"), ServiceKey);
        using var rpc = await ConnectT3pAsync(NoiseKeyPair.Generate());
        var info = await rpc.InvokeWithParameterObjectAsync<JsonElement>("t3p.info").WaitAsync(Timeout);
        Service = await TestHost.StartAsync(new
        {
            rpc = new { noiseListen = "127.0.0.1:0" },
            dataDir = serviceData,
            state = new { provider = "memory" },
            auth = new { t3p = new { address = T3pAddress, noiseKey = info.GetProperty("noiseKey").GetString(), signingKey = info.GetProperty("signingKey").GetString(), domain = Domain } },
            // A plugin with an admin-only method (sample.adminOnly), as any service would have.
            plugins = new[] { new { id = "sample", path = Path.Combine(RepoPaths.Fixtures, "sample") } },
        }, time: _time);
    }

    public Task<JsonRpc> ConnectT3pAsync(NoiseKeyPair clientKey) => NoiseRpcClient.ConnectAsync(T3pAddress, T3pNoiseKey, clientKey).WaitAsync(Timeout);

    public Task<JsonRpc> ConnectServiceAsync(NoiseKeyPair clientKey, ReadOnlyMemory<byte> serviceKey) =>
        NoiseRpcClient.ConnectAsync(Service!.Listeners.Get("host", "noise").ToString(), serviceKey, clientKey).WaitAsync(Timeout);

    /// <summary>Connects with <paramref name="clientKey"/> and logs in with a password.</summary>
    public async Task<JsonRpc> LoginAsync(NoiseKeyPair clientKey, string user, string password)
    {
        var rpc = await ConnectT3pAsync(clientKey);
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("t3p.auth", new { user, domain = Domain, password }).WaitAsync(Timeout);
        return rpc;
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
        await T3p.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file briefly; the OS cleans the temp directory later.
        }
    }
}
