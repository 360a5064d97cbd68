using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>
/// The tunnel server: reads the magic and a command; for <c>open</c>, takes the tunnel ticket from the broker,
/// derives the tunnel keys from the client's shared secret, and relays channels to the ticket's remotes.
/// Any handshake error closes the connection without a reply.
/// </summary>
public sealed class TunnelConnectionHandler(
    TunnelOptions options,
    TunnelBrokerClient broker,
    TimeProvider time,
    ILogger<TunnelConnectionHandler> logger) : ConnectionHandler
{
    private const int HandshakeLength = 8 + 1;

    /// <summary>What each direction of each channel holds at most: a server carries many tunnels, so 64 KiB.</summary>
    private const int ChunkBytes = 64 * 1024;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var clientIp = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "";
        string? ticket;
        TunnelGrant grant;
        TicketKeys keys;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.HandshakeTimeoutMs), time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, connection.ConnectionClosed))
        {
            try
            {
                ticket = await ReadHandshakeAsync(connection.Transport, handshake.Token).ConfigureAwait(false);
                if (ticket is null)
                {
                    return;
                }
                grant = await broker.StartAsync(ticket, clientIp, handshake.Token).ConfigureAwait(false);
                var secret = Convert.FromHexString(grant.SharedSecret ?? "");
                if (secret.Length != BouncyCastleMlKem768.SharedSecretLength)
                {
                    throw new EnvelopeException("the broker's grant holds no 32-byte shared secret");
                }
                keys = TicketKeys.Derive(secret, ticket);
            }
            catch (TunnelProtocolException e)
            {
                logger.LogInformation("tunnel handshake from {Client} refused: {Reason}", clientIp, e.Message);
                return;
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("tunnel handshake from {Client} timed out after {Timeout} ms", clientIp, options.HandshakeTimeoutMs);
                return;
            }
            catch (Exception e) when (e is BrokerCallException or EnvelopeException or FormatException or ConnectionResetException or IOException)
            {
                logger.LogWarning("tunnel from {Client} not opened: {Reason}", clientIp, e.Message);
                return;
            }
        }

        long sent, received;
        var relay = new TunnelRelay(connection.Transport, keys.ReceiveKey, keys.SendKey, (channel, ct) => ConnectAsync(grant.Remotes, channel, ct), ChunkBytes, logger);
        await using (relay.ConfigureAwait(false))
        {
            await relay.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
            sent = relay.BytesToChannels;
            received = relay.BytesFromChannels;
        }
        try
        {
            using var stopDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.BrokerTimeoutMs), time);
            await broker.StopAsync(grant.Notify, sent, received, stopDeadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BrokerCallException or OperationCanceledException)
        {
            logger.LogWarning("tunnel end ({Sent} bytes sent, {Received} received) not reported to the broker: {Reason}", sent, received, e.Message);
        }
    }

    /// <summary>The ticket of an <c>open</c>; null after answering a <c>test</c>.</summary>
    private static async Task<string?> ReadHandshakeAsync(IDuplexPipe transport, CancellationToken cancellationToken)
    {
        var input = transport.Input;
        var head = await ReadExactlyAsync(input, HandshakeLength, cancellationToken).ConfigureAwait(false);
        if (!head.AsSpan(0, 8).SequenceEqual(TunnelWire.Magic))
        {
            throw new TunnelProtocolException("wrong magic");
        }
        switch (head[8])
        {
            case TunnelWire.TestCommand:
                await transport.Output.WriteAsync(TunnelWire.TestReply.ToArray(), cancellationToken).ConfigureAwait(false);
                return null;
            case TunnelWire.OpenCommand:
                var ticket = await ReadExactlyAsync(input, TicketIds.TicketLength, cancellationToken).ConfigureAwait(false);
                if (!ticket.All(b => char.IsAsciiLetterOrDigit((char)b)))
                {
                    throw new TunnelProtocolException("the ticket is not alphanumeric");
                }
                return Encoding.ASCII.GetString(ticket);
            default:
                throw new TunnelProtocolException($"unknown command {head[8]}");
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> bytes, copied out as they arrive: a client that sends half a
    /// handshake then holds those bytes, not one of the listener's 64 KiB pipe blocks.
    /// </summary>
    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        var have = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var part = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, count - have));
            part.CopyTo(bytes.AsSpan(have));
            have += (int)part.Length;
            input.AdvanceTo(part.End);
            if (have == count)
            {
                return bytes;
            }
            if (result.IsCompleted)
            {
                throw new TunnelProtocolException("the client closed during the handshake");
            }
        }
    }

    private async Task<Socket> ConnectAsync(IReadOnlyList<TunnelEndpoint> remotes, ushort channel, CancellationToken cancellationToken)
    {
        if (channel == 0 || channel > remotes.Count)
        {
            throw new TunnelProtocolException($"channel {channel} has no remote (the ticket has {remotes.Count})");
        }
        var remote = remotes[channel - 1];
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.ConnectTimeoutMs), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote.Host, remote.Port, linked.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
