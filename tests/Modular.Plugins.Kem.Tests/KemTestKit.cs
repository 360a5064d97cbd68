using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;
using Modular.Sdk.State;
using Modular.Testing;
using Microsoft.Extensions.DependencyInjection;
using StreamJsonRpc;

namespace Modular.Plugins.Kem.Tests;

/// <summary>Shared pieces of the kem tests: a scripts folder signed with a key made here, hosts, and raw requests.</summary>
public static class KemTestKit
{
    public const string TunnelToken = "tunnel-token-for-tests-0123456789";
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    public static readonly BouncyCastleMlKem768 MlKem = new();
    public static readonly BouncyCastleMlDsa65 MlDsa = new();

    /// <summary>A fresh scripts folder with <paramref name="scripts"/> (name to source), each signed with the returned key pair.</summary>
    public static (string Directory, KemKeyPair SigningKey) CreateScripts(params (string Name, string Source)[] scripts)
    {
        var directory = TestHost.CreateTempDirectory();
        var key = MlDsa.GenerateKeyPair();
        foreach (var (name, source) in scripts)
        {
            var path = Path.Combine(directory, name + ".js");
            File.WriteAllText(path, source);
            File.WriteAllText(path + ".mldsa65.sig", Convert.ToBase64String(MlDsa.Sign(key.PrivateKey, File.ReadAllBytes(path))));
        }
        return (directory, key);
    }

    public static Task<TestHost> StartBrokerAsync(string scriptsDir, TimeProvider? time = null, int maxScramblerFailures = 5) =>
        TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "kem",
            config = new { broker = new { scriptsDir, tunnelTokens = new[] { TunnelToken }, maxScramblerFailures } },
        }), time: time);

    public static Task<TestHost> StartTunnelAsync(string brokerUrl, int handshakeTimeoutMs = 5000, int connectTimeoutMs = 2000) =>
        TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "kem",
            config = new { tunnel = new { listen = "127.0.0.1:0", broker = brokerUrl, token = TunnelToken, handshakeTimeoutMs, connectTimeoutMs, brokerTimeoutMs = 2000 } },
        }));

    public static Uri BrokerUri(TestHost host) => new($"http://{host.Listeners.Rpc}/kem");

    public static async Task<JsonElement> CreateTicketAsync(TestHost host, string script, object? tunnel = null, object? parameters = null, int? ttlSeconds = null)
    {
        using var rpc = await host.ConnectAsync(admin: true);
        return await rpc.InvokeWithParameterObjectAsync<JsonElement>("kem.createTicket", new { script, @params = parameters ?? new { }, tunnel, ttlSeconds });
    }

    public static object TunnelTo(IPEndPoint server, params IPEndPoint[] remotes) => new
    {
        server = new { host = server.Address.ToString(), port = server.Port },
        remotes = remotes.Select(r => new { host = r.Address.ToString(), port = r.Port }).ToArray(),
    };

    /// <summary>Posts <paramref name="body"/> serialized as JSON to a broker route and returns the status and body.</summary>
    public static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(TestHost host, string path, object body, string? bearer = null) =>
        PostAsync(host, path, JsonContent.Create(body), bearer);

    /// <summary>Posts <paramref name="content"/> as it is (for bodies no serializer writes) and returns the status and JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(TestHost host, string path, HttpContent content, string? bearer = null)
    {
        using var http = new HttpClient { Timeout = WaitLimit };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BrokerUri(host) + "/" + path)) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static object ClientBody(string scrambler, string? key = null, string version = "5.0.0") => new
    {
        scrambler,
        kem_kyber_key = key ?? Convert.ToBase64String(MlKem.GenerateKeyPair().PublicKey),
        hostname = "test",
        version,
    };

    /// <summary>The live keys of the kem plugin in the host's state store (without the plugin prefix).</summary>
    public static async Task<List<string>> StateKeysAsync(TestHost host)
    {
        var keys = new List<string>();
        await foreach (var (key, _) in host.Services.GetRequiredService<IStateStore>().ScanAsync("kem:"))
        {
            keys.Add(key["kem:".Length..]);
        }
        return keys;
    }

    /// <summary>A TCP echo service on loopback; it half-closes after its peer does.</summary>
    public static (IPEndPoint EndPoint, Task Serving, TcpListener Listener) StartEcho()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using var stream = new NetworkStream(socket, ownsSocket: true);
                    await stream.CopyToAsync(stream);
                    socket.Shutdown(SocketShutdown.Send);
                });
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint, serving, listener);
    }

    /// <summary>Reads until the peer closes; the connection must end within <see cref="WaitLimit"/>.</summary>
    public static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        using var buffer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(buffer, cts.Token);
        }
        catch (IOException)
        {
            // A reset is also an end: what matters is that the connection did not stay open.
            return buffer.ToArray();
        }
        return buffer.ToArray();
    }

    /// <summary>The JSON-RPC error code <paramref name="call"/> fails with.</summary>
    public static async Task<int> RpcErrorAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(call);
        return (int)error.ErrorCode!.Value;
    }
}
