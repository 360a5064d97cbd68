using System.Text;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Client;

/// <summary>
/// What <c>modular kem launch</c> does: request the ticket, verify the script against the trusted key, and
/// only then run it. A script that does not verify never runs.
/// </summary>
public sealed class ScriptLauncher(IKeyEncapsulation kem, ISignatureScheme signatures, ClientOptions options, TextWriter log, TimeProvider time, ILogger logger)
{
    public async Task LaunchAsync(Uri broker, string ticket, string scrambler, byte[] trustedKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(options.BrokerTimeoutMs) };
        var (launch, sharedSecret) = await new TicketRequester(http, kem).RequestAsync(broker, ticket, scrambler, cancellationToken).ConfigureAwait(false);
        var source = Verify(launch, trustedKey);
        var tunnel = launch.Tunnel is { } pointer ? new ClientTunnel(pointer, sharedSecret, options, time, logger) : null;
        try
        {
            var runtime = new ScriptRuntime(options, tunnel, log, time, logger);
            await runtime.RunAsync(Encoding.UTF8.GetString(source), launch.Params.GetRawText(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (tunnel is not null)
            {
                await tunnel.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private byte[] Verify(LaunchTicket launch, byte[] trustedKey)
    {
        if (launch.Type != KemProtocol.ScriptType || launch.SignatureAlgorithm != KemProtocol.SignatureAlgorithm)
        {
            throw new LaunchException($"the ticket holds a '{launch.Type}' script signed with '{launch.SignatureAlgorithm}'; only javascript with MLDSA65 is run. Nothing was run.",
                LaunchException.SignatureRejected);
        }
        byte[] source, signature;
        try
        {
            source = Convert.FromBase64String(launch.Script);
            signature = Convert.FromBase64String(launch.Signature);
        }
        catch (FormatException e)
        {
            throw new LaunchException("the ticket's script or signature is not base64. Nothing was run.", LaunchException.SignatureRejected, e);
        }
        if (!signatures.Verify(trustedKey, source, signature))
        {
            throw new LaunchException("the script's signature does not verify against the trusted key. Nothing was run.", LaunchException.SignatureRejected);
        }
        return source;
    }
}
