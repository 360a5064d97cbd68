using System.Net.Sockets;

namespace Modular.Plugins.Proxy.Internal;

internal static class SocketWrites
{
    /// <summary>Sends every byte of <paramref name="data"/> (a send may take fewer bytes than offered).</summary>
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}
