using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Modular.Plugins.Relay.Protocol;
using Modular.Sdk.Net;

namespace Modular.Plugins.Relay.Client;

/// <summary>One peer's view of one channel: the relay's routes, waiting for the other peer, and the TCP line.</summary>
public sealed class RelayChannelClient
{
    private const int MaxLineBytes = 256;

    private readonly HttpClient _http;
    private readonly RelayClientSettings _settings;
    private readonly Uri _base;

    private RelayChannelClient(HttpClient http, RelayClientSettings settings, JoinResponse joined)
    {
        _http = http;
        _settings = settings;
        _base = BaseUri(settings);
        Joined = joined;
    }

    public JoinResponse Joined { get; }

    public string Channel => Joined.Channel;

    public static async Task<RelayChannelClient> JoinAsync(HttpClient http, RelayClientSettings settings, JoinRequest request, CancellationToken cancellationToken)
    {
        var joined = await PostAsync<JoinResponse>(http, new Uri(BaseUri(settings), "join"), request, cancellationToken).ConfigureAwait(false);
        if (joined.Ports.Count == 0)
        {
            throw new RelayException("the relay reported no TCP port");
        }
        return new RelayChannelClient(http, settings, joined);
    }

    public Task<ChannelState> PostAsync(ChannelRequest request, CancellationToken cancellationToken) =>
        PostAsync<ChannelState>(_http, new Uri(_base, "channel"), request with { Channel = Joined.Channel, Uuid = Joined.Uuid }, cancellationToken);

    /// <summary>Polls the channel until <paramref name="ready"/> holds, for at most <c>client.waitSeconds</c>.</summary>
    public async Task<ChannelState> WaitForAsync(Func<ChannelState, bool> ready, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.Config.WaitSeconds));
        try
        {
            while (true)
            {
                var state = await PostAsync(new ChannelRequest(null, null), timeout.Token).ConfigureAwait(false);
                if (ready(state))
                {
                    return state;
                }
                await Task.Delay(_settings.Config.PollMilliseconds, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RelayException($"gave up after {_settings.Config.WaitSeconds} s waiting for {what}");
        }
    }

    /// <summary>Closes the channel at the relay (and with it both TCP connections); false when it was gone already.</summary>
    public async Task<bool> CloseAsync()
    {
        try
        {
            await PostAsync(new ChannelRequest(null, null, Close: true), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (RelayException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Connects to the relay's first TCP port, identifies, and returns the stream once the relay said <c>ok</c>.</summary>
    public async Task<NetworkStream> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (_settings.LocalAddress is { } local)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_settings.Config.ConnectTimeoutSeconds));
            await socket.ConnectAsync(_settings.Relay.Host, Joined.Ports[0], timeout.Token).ConfigureAwait(false);
            await SocketWrites.SendAllAsync(socket, Encoding.ASCII.GetBytes($"{Joined.Channel} {Joined.Uuid}\n"), timeout.Token).ConfigureAwait(false);
            var answer = await ReadLineAsync(socket, timeout.Token).ConfigureAwait(false);
            return answer == "ok" ? new NetworkStream(socket, ownsSocket: true) : throw new RelayException($"the relay refused the TCP connection: {answer}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RelayException($"the relay's TCP port {Joined.Ports[0]} did not answer within {_settings.Config.ConnectTimeoutSeconds} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RelayException($"cannot talk to the relay's TCP port {Joined.Ports[0]}: {e.Message}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static HttpClient CreateHttpClient(RelayClientSettings settings)
    {
        var handler = new SocketsHttpHandler();
        if (settings.LocalAddress is { } local)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(settings.Config.WaitSeconds) };
    }

    // The relay answers one short line; reading byte by byte leaves the stapled stream that follows untouched.
    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new byte[MaxLineBytes];
        for (var length = 0; length < line.Length; length++)
        {
            if (await socket.ReceiveAsync(line.AsMemory(length, 1), cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new RelayException("the relay closed the TCP connection without an answer");
            }
            if (line[length] == '\n')
            {
                return Encoding.UTF8.GetString(line, 0, length);
            }
        }
        throw new RelayException("the relay's answer line is too long");
    }

    private static Uri BaseUri(RelayClientSettings settings) =>
        new(settings.Relay, settings.Relay.AbsolutePath.TrimEnd('/') + "/" + settings.RoutePrefix + "/");

    private static async Task<T> PostAsync<T>(HttpClient http, Uri uri, object body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(uri, body, RelayJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RelayException($"cannot reach the relay at {uri.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                throw new RelayException($"the relay refused: {error} (HTTP {(int)response.StatusCode})", (int)response.StatusCode);
            }
            return await response.Content.ReadFromJsonAsync<T>(RelayJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new RelayException("the relay sent an empty answer");
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<RelayError>(RelayJson.Options, cancellationToken).ConfigureAwait(false);
            return error?.Error ?? response.ReasonPhrase ?? "no reason given";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no reason given";
        }
    }
}
