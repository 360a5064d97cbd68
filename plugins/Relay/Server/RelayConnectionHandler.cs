using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Modular.Sdk.Listeners;
using Modular.Sdk.Net;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// A relay TCP port: reads <c>&lt;channel&gt; &lt;uuid&gt;\n</c> (at most <see cref="MaxLineBytes"/> bytes, within
/// <c>identifyTimeoutMs</c>), answers <c>ok\n</c> or <c>error &lt;reason&gt;\n</c>, then holds the connection
/// until its channel staples it to the other peer's and the staple ends, or the channel closes.
/// </summary>
public sealed partial class RelayConnectionHandler(ChannelRegistry registry, RelayOptions options, TimeProvider time, ILogger<RelayConnectionHandler> logger)
    : ConnectionHandler
{
    public const int MaxLineBytes = 256;

    private static readonly byte[] Ok = "ok\n"u8.ToArray();

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is not IPEndPoint remote || connection.LocalEndPoint is not IPEndPoint local)
        {
            return;
        }
        var transport = connection.Transport;
        string? line;
        using (var identify = new CancellationTokenSource(options.IdentifyTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(identify.Token, connection.ConnectionClosed))
        {
            try
            {
                line = await ReadLineAsync(transport.Input, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (identify.IsCancellationRequested)
                {
                    await RefuseAsync(transport, "identify timeout").ConfigureAwait(false);
                }
                return;
            }
            catch (InvalidDataException e)
            {
                await RefuseAsync(transport, e.Message).ConfigureAwait(false);
                return;
            }
        }
        var parts = line?.Split(' ');
        if (parts is not { Length: 2 })
        {
            await RefuseAsync(transport, "expected '<channel> <uuid>'").ConfigureAwait(false);
            return;
        }
        RelayChannel channel;
        PeerConnection peer;
        try
        {
            (channel, peer) = registry.Reserve(parts[0], parts[1], remote.Address, local.Port, connection);
        }
        catch (ChannelRefusedException e)
        {
            await RefuseAsync(transport, e.Message).ConfigureAwait(false);
            return;
        }
        try
        {
            // Straight to the socket, as the stapled bytes will go: nothing can overtake this answer.
            await SocketWrites.SendAllAsync(ConnectionSplice.SocketOf(connection), Ok, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            registry.Leave(channel, peer);
            return;
        }
        // Kestrel signals ConnectionClosed when the peer's end of stream or reset arrives, read or not.
        using (connection.ConnectionClosed.Register(() => registry.Leave(channel, peer)))
        {
            registry.Activate(channel, peer);
            await peer.Done.ConfigureAwait(false);
        }
        LogClosing(channel.Name, peer.Role);
    }

    private static async Task RefuseAsync(IDuplexPipe transport, string reason) =>
        await transport.Output.WriteAsync(Encoding.UTF8.GetBytes($"error {reason}\n")).ConfigureAwait(false);

    /// <summary>
    /// The identify line without its newline, or null when the peer closed before sending one. The line is
    /// copied out as it arrives, so a peer that sends half a line holds its few bytes, not a 64 KiB pipe block.
    /// </summary>
    private static async Task<string?> ReadLineAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var line = new byte[MaxLineBytes];
        var length = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            var part = newline is { } end ? buffer.Slice(0, end) : buffer;
            if (length + part.Length >= MaxLineBytes)
            {
                throw new InvalidDataException("identify line too long");
            }
            part.CopyTo(line.AsSpan(length));
            length += (int)part.Length;
            if (newline is { } lineEnd)
            {
                // Consume the line only: bytes a peer sends right after it belong to the stapled stream.
                input.AdvanceTo(buffer.GetPosition(1, lineEnd));
                return Encoding.ASCII.GetString(line, 0, length).TrimEnd('\r');
            }
            input.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "channel {Channel}: {Role} connection closing")]
    private partial void LogClosing(string channel, PeerRole role);
}
