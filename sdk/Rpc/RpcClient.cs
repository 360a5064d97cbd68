using System.Net.WebSockets;
using StreamJsonRpc;

namespace Modular.Sdk.Rpc;

/// <summary>
/// Connects to a Modular host's <c>/rpc</c> WebSocket, as CLI verbs and client-role plugins do.
/// </summary>
public static class RpcClient
{
    /// <summary>
    /// Opens the WebSocket and returns a listening <see cref="JsonRpc"/>. <paramref name="configure"/>
    /// runs before listening starts: add notification handlers there
    /// (<c>rpc.AddLocalRpcMethod("proxy.connection", ...)</c>).
    /// </summary>
    public static async Task<JsonRpc> ConnectAsync(Uri uri, string? bearerToken = null, Action<JsonRpc>? configure = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        if (bearerToken is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearerToken}");
        }
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var rpc = new JsonRpc(new WebSocketMessageHandler(socket, RpcJson.CreateFormatter()));
        configure?.Invoke(rpc);
        rpc.StartListening();
        return rpc;
    }
}
