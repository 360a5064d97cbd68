using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Modular.Plugins.Proxy.Internal;

/// <summary>
/// Copies two Kestrel connections into each other. Reads go through Kestrel's input pipes (bounded by
/// its read buffer limit), writes go straight to the other socket, because Kestrel cannot half-close:
/// completing its output closes both directions. End of input in one direction shuts down sending in
/// that direction only; an error in either aborts both.
/// </summary>
internal static class ConnectionSplice
{
    public static async Task RunAsync(
        ConnectionContext left, Socket leftSocket,
        ConnectionContext right, Socket rightSocket,
        Action<long> countLeftToRight, Action<long> countRightToLeft,
        CancellationToken abort)
    {
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
