using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Client;

/// <summary>Requests a client ticket with a fresh ML-KEM key pair and opens the envelope.</summary>
public sealed class TicketRequester(HttpClient http, IKeyEncapsulation kem)
{
    /// <summary>Returns the launch ticket and the KEM shared secret (the tunnel keys come from it). Throws <see cref="LaunchException"/>.</summary>
    public async Task<(LaunchTicket Ticket, byte[] SharedSecret)> RequestAsync(Uri broker, string ticket, string scrambler, CancellationToken cancellationToken)
    {
        if (!TicketIds.IsTicket(ticket))
        {
            throw new LaunchException($"the ticket must be {TicketIds.TicketLength} letters and digits", LaunchException.TicketFailed);
        }
        var keyPair = kem.GenerateKeyPair();
        var uri = new Uri(new Uri(broker.ToString().TrimEnd('/') + "/"), $"client/{ticket}/ticket");
        var request = new ClientTicketRequest(scrambler, Convert.ToBase64String(keyPair.PublicKey), Environment.MachineName, KemProtocol.ClientVersion);
        try
        {
            var envelope = await BrokerHttp.PostAsync<TicketEnvelope>(http, uri, request, cancellationToken).ConfigureAwait(false);
            return envelope.Open<LaunchTicket>(kem, keyPair.PrivateKey, ticket);
        }
        catch (BrokerCallException e)
        {
            throw new LaunchException(e.Message + (e.IsRetryable ? " (retry later)" : ""), LaunchException.TicketFailed, e);
        }
        catch (EnvelopeException e)
        {
            throw new LaunchException($"cannot decrypt the ticket: {e.Message}", LaunchException.TicketFailed, e);
        }
    }
}
