using System.Net.Http.Headers;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>The tunnel server's calls to the broker: <c>start</c> (take a tunnel ticket) and <c>stop</c> (report the end).</summary>
public sealed class TunnelBrokerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _ticketUri;
    private readonly IKeyEncapsulation _kem;
    private readonly TunnelServerKey _key;

    public TunnelBrokerClient(TunnelOptions options, IKeyEncapsulation kem, TunnelServerKey key)
    {
        _kem = kem;
        _key = key;
        _ticketUri = new Uri(options.BrokerUri, "tunnel/ticket");
        _http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(options.BrokerTimeoutMs) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
    }

    /// <summary>Takes <paramref name="ticket"/> and opens the grant encrypted to this process's key. Throws <see cref="BrokerCallException"/> or <see cref="EnvelopeException"/>.</summary>
    public async Task<TunnelGrant> StartAsync(string ticket, string clientIp, CancellationToken cancellationToken)
    {
        var request = new TunnelTicketRequest(ticket, KemProtocol.StartCommand, clientIp, new Base64Field(_key.KeyPair.PublicKey));
        var envelope = await BrokerHttp.PostAsync<TicketEnvelope>(_http, _ticketUri, request, cancellationToken).ConfigureAwait(false);
        return envelope.Open<TunnelGrant>(_kem, _key.KeyPair.PrivateKey, ticket).Payload;
    }

    public Task StopAsync(string notifyTicket, long sent, long received, CancellationToken cancellationToken) =>
        BrokerHttp.PostAsync<object>(_http, _ticketUri, new TunnelTicketRequest(notifyTicket, KemProtocol.StopCommand, null, null, sent, received), cancellationToken);

    public void Dispose() => _http.Dispose();
}
