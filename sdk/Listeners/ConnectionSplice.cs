using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Modular.Sdk.Net;

namespace Modular.Sdk.Listeners;

/// <summary>
/// Copies two connections of plugin TCP listeners into each other, for plugins that join two peers
/// (proxy, relay). Reads go through Kestrel's input pipes (64 KiB blocks, bounded by its read buffer
/// limit); writes go straight to the other socket, because Kestrel cannot half-close (completing its
/// output closes both directions) and because it saves a copy and a thread hop per block. End of input
/// in one direction shuts down sending in that direction only; an error in either, or <c>abort</c>,
/// aborts both. Nothing may be written to either connection's output pipe once the splice runs: the
/// pipe's bytes could arrive after the splice's.
/// </summary>
public static class ConnectionSplice
{
    /// <summary>Runs until both directions have ended or the splice is aborted; the counters see every block as it is sent.</summary>
    public static async Task RunAsync(
        ConnectionContext left, ConnectionContext right,
        Action<long> countLeftToRight, Action<long> countRightToLeft,
        CancellationToken abort)
    {
        var leftSocket = SocketOf(left);
        var rightSocket = SocketOf(right);
        void AbortBoth()
        {
            left.Abort();
            right.Abort();
        }

        using var registration = abort.Register(AbortBoth);
        await Task.WhenAll(
            PumpAsync(left.Transport.Input, rightSocket, countLeftToRight, AbortBoth),
            PumpAsync(right.Transport.Input, leftSocket, countRightToLeft, AbortBoth)).ConfigureAwait(false);
    }

    /// <summary>The socket under a connection of Kestrel's socket transport, which serves every plugin TCP listener.</summary>
    public static Socket SocketOf(ConnectionContext connection) =>
        connection.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException($"connection {connection.ConnectionId} exposes no socket; splicing needs Kestrel's socket transport");

    private static async Task PumpAsync(PipeReader from, Socket to, Action<long> count, Action abortBoth)
    {
        var segments = new List<ArraySegment<byte>>();
        try
        {
            while (true)
            {
                var result = await from.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                await SocketWrites.SendAllAsync(to, buffer, segments).ConfigureAwait(false);
                count(buffer.Length);
                from.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            abortBoth();
        }
    }
}
