using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Protocol;
using Modular.Testing;

namespace Modular.Plugins.Relay.Tests;

/// <summary>A real host running the relay on loopback port 0, with helpers to talk to it from chosen source addresses.</summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestHost _host;

    private RelayTestHost(TestHost host) => _host = host;

    public Uri BaseUri => new($"http://{_host.RpcUri.Authority}/");

    public int Port => _host.Listeners.Get("relay", "tcp0").Port;

    public static async Task<RelayTestHost> StartAsync(object? config = null, TimeProvider? time = null) =>
        new(await TestHost.StartAsync(TestHost.ConfigWith(new { id = "relay", config = config ?? new { tcpListen = new[] { "127.0.0.1:0" } } }), time: time));

    public RelayClientSettings Settings(IPAddress? local = null) => new(BaseUri, new RelayClientConfig
    {
        PollMilliseconds = 20,
        WaitSeconds = 10,
        ChunkBytes = 64 * 1024,
        CloseWaitMilliseconds = 2000,
    }, local);

    public RelayClient Client(IPAddress? local = null) => new(Settings(local));

    public HttpClient Http(string local = "127.0.0.1")
    {
        var http = RelayChannelClient.CreateHttpClient(Settings(IPAddress.Parse(local)));
        http.BaseAddress = new Uri(BaseUri, "relay/");
        http.Timeout = Patience;
        return http;
    }

    public static async Task<(HttpStatusCode Status, T? Body, string? Error)> PostAsync<T>(HttpClient http, string route, object body)
    {
        using var response = await http.PostAsJsonAsync(route, body, RelayJson.Options);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<T>(RelayJson.Options), null);
        }
        var error = await response.Content.ReadFromJsonAsync<RelayError>(RelayJson.Options);
        return (response.StatusCode, default, error?.Error);
    }

    public async Task<JoinResponse> JoinAsync(HttpClient http, string role, string? channel = null, string? curve = null)
    {
        var (status, body, error) = await PostAsync<JoinResponse>(http, "join", new JoinRequest(role, channel, curve));
        Assert.True(status == HttpStatusCode.OK, $"join as {role}: {status} {error}");
        return body!;
    }

    /// <summary>A TCP connection to the relay's port from <paramref name="local"/>, already identified with <paramref name="line"/>.</summary>
    public async Task<(Socket Socket, string Answer)> ConnectAsync(string line, string local = "127.0.0.1")
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(line));
        return (socket, await ReadLineAsync(socket));
    }

    public static async Task<string> ReadLineAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var line = new List<byte>();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, timeout.Token) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line]);
    }

    /// <summary>Reads until the peer closes; returns what arrived.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var all = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                all.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset is a close too; what arrived before it is still returned.
            return all.ToArray();
        }
        return all.ToArray();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
