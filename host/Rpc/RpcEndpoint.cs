using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Modular.Host.Security;
using Modular.Sdk.Rpc;

namespace Modular.Host.Rpc;

/// <summary>
/// <c>GET /rpc</c>: upgrades to a WebSocket and serves JSON-RPC 2.0 on it until either side closes.
/// Each connection gets a DI scope, its own instances of every RPC target, and an <see cref="IRpcConnection"/>.
/// An upgrade that names a web origin not in <c>rpc.allowedOrigins</c> is refused (see <see cref="Configuration.RpcConfig.AllowedOrigins"/>).
/// </summary>
public sealed class RpcEndpoint(
    RpcSessionRunner runner,
    RpcConnectionTracker tracker,
    AdminAuthorization admin,
    int maxMessageBytes,
    IEnumerable<string> allowedOrigins,
    ILogger<RpcEndpoint> logger)
{
    private readonly HashSet<string> _allowedOrigins = new(allowedOrigins, StringComparer.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("This is a JSON-RPC 2.0 endpoint: connect with a WebSocket and send one request per text message.\n").ConfigureAwait(false);
            return;
        }
        var origin = http.Request.Headers.Origin;
        if (origin.Count > 0 && !(origin.Count == 1 && _allowedOrigins.Contains(origin.ToString())))
        {
            logger.LogWarning("rpc: refused a connection from {Remote}: origin {Origin} is not in rpc.allowedOrigins", http.Connection.RemoteIpAddress, origin.ToString());
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("Web pages of this origin may not open /rpc; the host's operator can list it in rpc.allowedOrigins.\n").ConfigureAwait(false);
            return;
        }
        if (!tracker.TryEnter())
        {
            logger.LogWarning("rpc: refused a connection from {Remote}: rpc.maxConnections reached", http.Connection.RemoteIpAddress);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            await http.Response.WriteAsync("too many connections\n").ConfigureAwait(false);
            return;
        }
        try
        {
            var principal = admin.PrincipalFor(http.Request.Headers.Authorization);
            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var remote = new IPEndPoint(http.Connection.RemoteIpAddress ?? IPAddress.None, http.Connection.RemotePort);
            await ServeAsync(socket, remote, principal, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            tracker.Exit();
        }
    }

    private async Task ServeAsync(WebSocket socket, IPEndPoint remote, System.Security.Claims.ClaimsPrincipal principal, CancellationToken aborted)
    {
        using var connection = RpcSessionRunner.NewConnection("ws", remote, principal);
        var handler = new RpcWebSocketHandler(socket, RpcJson.CreateFormatter(), maxMessageBytes);
        await runner.ServeAsync(connection, handler, () => _ = CloseGoingAwayAsync(socket), aborted).ConfigureAwait(false);
    }

    private static async Task CloseGoingAwayAsync(WebSocket socket)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // Already closed by the peer.
        }
    }
}
