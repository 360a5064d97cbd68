using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Listeners;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// The data port: a client connects back and writes the 32-byte ephemeral secret within
/// <c>identifyTimeoutMs</c>. A matching open offer gets this connection; anything else is closed.
/// </summary>
public sealed class DataConnectionHandler(
    ConnectBackOffers offers,
    ProxyServerOptions options,
    TimeProvider time,
    ILogger<DataConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var secret = new byte[ProxySecrets.EphemeralLength];
        if (!await TryReadSecretAsync(connection, secret).ConfigureAwait(false))
        {
            logger.LogDebug("{Connection} from {Remote}: no secret within identifyTimeoutMs; closing", connection.ConnectionId, connection.RemoteEndPoint);
            return;
        }
        // The socket first: once the offer is taken, its public side waits for Accept and nothing else.
        var socket = ConnectionSplice.SocketOf(connection);
        var offer = offers.Take(secret);
        CryptographicOperations.ZeroMemory(secret);
        if (offer is null)
        {
            logger.LogInformation("{Connection} from {Remote}: unknown, expired or reused secret; closing", connection.ConnectionId, connection.RemoteEndPoint);
            return;
        }
        var data = new DataConnection(connection, socket);
        offer.Accept(data);
        await data.Finished.ConfigureAwait(false);
    }

    private async Task<bool> TryReadSecretAsync(ConnectionContext connection, byte[] secret)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.IdentifyTimeoutMs), time);
        try
        {
            // What arrives is copied out and consumed at once, as the public side's sniffer does: a peer that
            // sends part of a secret then holds those bytes, not one of the listener's 64 KiB blocks.
            var filled = 0;
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var take = (int)Math.Min(buffer.Length, secret.Length - filled);
                buffer.Slice(0, take).CopyTo(secret.AsSpan(filled));
                filled += take;
                input.AdvanceTo(buffer.GetPosition(take));
                if (filled == secret.Length)
                {
                    return true;
                }
                if (result.IsCompleted)
                {
                    return false;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
