using System.IO.Pipelines;
using System.Net.Sockets;
using Modular.Sdk.Net;
using Modular.Sdk.Rpc;
using StreamJsonRpc;

namespace Modular.Sdk.Noise;

/// <summary>
/// Connects to a Modular host's Noise RPC listener (<c>rpc.noiseListen</c>), as the CLI, plugins and
/// services checking tickets do. The server is authenticated by its static key; the client by its own.
/// </summary>
public static class NoiseRpcClient
{
    /// <summary>
    /// Opens TCP to <paramref name="address"/> (<c>host:port</c>), runs the XK handshake and returns a
    /// listening <see cref="JsonRpc"/>. A wrong <paramref name="serverKey"/> fails with <see cref="NoiseException"/>
    /// (or <see cref="IOException"/> when the server drops the connection first).
    /// </summary>
    public static async Task<JsonRpc> ConnectAsync(string address, ReadOnlyMemory<byte> serverKey, NoiseKeyPair clientKey,
        Action<JsonRpc>? configure = null, CancellationToken cancellationToken = default)
    {
        var (host, port) = SplitAddress(address);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var stream = tcp.GetStream();
            var channel = await NoiseChannel.ConnectAsync(PipeReader.Create(stream), PipeWriter.Create(stream), clientKey, serverKey, cancellationToken).ConfigureAwait(false);
            var rpc = new JsonRpc(new NoiseMessageHandler(channel, RpcJson.CreateFormatter(), owner: tcp));
            configure?.Invoke(rpc);
            rpc.StartListening();
            return rpc;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private static (string Host, int Port) SplitAddress(string address)
    {
        if (!ListenAddress.TrySplit(address, out var host, out var port) || port == 0)
        {
            throw new ArgumentException($"'{address}' is not a host:port address", nameof(address));
        }
        return (host, port);
    }
}
