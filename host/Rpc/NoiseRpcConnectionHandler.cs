using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Host.Configuration;
using Modular.Sdk.Noise;
using Modular.Sdk.Rpc;

namespace Modular.Host.Rpc;

/// <summary>
/// <c>rpc.noiseListen</c>: runs the Noise XK responder on each TCP connection, then serves JSON-RPC
/// on it exactly as <c>/rpc</c> does, one JSON-RPC message per Noise transport message. The
/// connection's <see cref="IRpcConnection.PeerStaticKey"/> is the client's authenticated static key.
/// A handshake that fails or times out, and any broken frame later, just closes the connection.
/// </summary>
public sealed class NoiseRpcConnectionHandler(
    RpcSessionRunner runner,
    RpcConnectionTracker tracker,
    INoiseHostKey hostKey,
    RpcConfig config,
    ILogger<NoiseRpcConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        if (!tracker.TryEnter())
        {
            logger.LogWarning("noise rpc: refused a connection from {Remote}: rpc.maxConnections reached", remote);
            return;
        }
        try
        {
            var channel = await HandshakeAsync(connection, remote).ConfigureAwait(false);
            if (channel is null)
            {
                return;
            }
            using var rpcConnection = RpcSessionRunner.NewConnection("noise", remote, new ClaimsPrincipal(new ClaimsIdentity()), channel.RemoteStaticKey);
            var handler = new NoiseMessageHandler(channel, RpcJson.CreateFormatter(), RpcErrorReplies.ForUnreadable);
            await runner.ServeAsync(rpcConnection, handler, connection.Abort, connection.ConnectionClosed).ConfigureAwait(false);
            if (handler.Failure is { } failure)
            {
                logger.LogDebug("rpc {Connection}: closed after a broken frame: {Reason}", rpcConnection.Id, failure.Message);
            }
        }
        finally
        {
            tracker.Exit();
        }
    }

    private async Task<NoiseChannel?> HandshakeAsync(ConnectionContext connection, IPEndPoint remote)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(TimeSpan.FromSeconds(config.NoiseHandshakeTimeoutSeconds));
        try
        {
            return await NoiseChannel.AcceptAsync(connection.Transport.Input, connection.Transport.Output, hostKey.KeyPair, timeout.Token).ConfigureAwait(false);
        }
        catch (NoiseException e)
        {
            logger.LogDebug("noise rpc: handshake with {Remote} failed: {Reason}", remote, e.Message);
        }
        catch (OperationCanceledException)
        {
            logger.LogDebug("noise rpc: handshake with {Remote} timed out or was abandoned", remote);
        }
        catch (IOException e)
        {
            logger.LogDebug("noise rpc: connection from {Remote} lost during the handshake: {Reason}", remote, e.Message);
        }
        return null;
    }
}
