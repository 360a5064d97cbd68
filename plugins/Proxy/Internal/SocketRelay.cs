using System.Buffers;
using System.Net.Sockets;
using Modular.Sdk.Net;

namespace Modular.Plugins.Proxy.Internal;

/// <summary>
/// Copies two sockets into each other through one bounded buffer per direction. End of input in one
/// direction shuts down sending in that direction only (half-close); an error in either, or
/// <c>abort</c>, resets both.
/// </summary>
internal static class SocketRelay
{
    public static async Task RunAsync(Socket left, Socket right, int bufferBytes, CancellationToken abort)
    {
        void AbortBoth()
        {
            Abort(left);
            Abort(right);
        }

        using var registration = abort.Register(AbortBoth);
        await Task.WhenAll(
            PumpAsync(left, right, bufferBytes, AbortBoth),
            PumpAsync(right, left, bufferBytes, AbortBoth)).ConfigureAwait(false);
    }

    /// <summary>Closes with a reset, so the peer learns that the stream did not end normally.</summary>
    public static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed or never connected: a plain dispose is all there is left to do.
        }
        socket.Dispose();
    }

    private static async Task PumpAsync(Socket from, Socket to, int bufferBytes, Action abortBoth)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer.AsMemory(0, bufferBytes), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }
                await SocketWrites.SendAllAsync(to, buffer.AsMemory(0, received)).ConfigureAwait(false);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            abortBoth();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
