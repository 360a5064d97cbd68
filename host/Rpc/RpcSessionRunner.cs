using System.Net;
using System.Net.WebSockets;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.Sdk.Noise;
using StreamJsonRpc;

namespace Modular.Host.Rpc;

/// <summary>
/// Serves JSON-RPC on one connection, whatever carries it (WebSocket or Noise): a DI scope, the
/// connection's own instances of every RPC target, and an <see cref="RpcConnection"/> for plugins.
/// </summary>
public sealed class RpcSessionRunner(IServiceProvider services, RpcTargetCatalog catalog, RpcConnectionTracker tracker, ILogger<RpcSessionRunner> logger)
{
    public async Task ServeAsync(RpcConnection connection, IJsonRpcMessageHandler handler, Action close, CancellationToken aborted)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RpcConnectionHolder>().Connection = connection;
        using var rpc = new ModularJsonRpc(handler, connection, logger)
        {
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        connection.Attach(rpc, close);
        foreach (var (ns, type) in catalog.Targets)
        {
            rpc.AddLocalRpcTarget(scope.ServiceProvider.GetRequiredService(type), RpcTargetCatalog.OptionsFor(ns));
        }
        tracker.Track(connection);
        logger.LogDebug("rpc {Connection}: opened from {Remote}", connection.Id, connection.RemoteEndPoint);
        try
        {
            rpc.StartListening();
            await rpc.Completion.WaitAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or NoiseException or ConnectionLostException or IOException)
        {
            logger.LogDebug("rpc {Connection}: ended: {Reason}", connection.Id, e.Message);
        }
        finally
        {
            tracker.Untrack(connection);
            connection.MarkClosed();
            logger.LogDebug("rpc {Connection}: closed", connection.Id);
        }
    }

    /// <summary>A fresh connection id for logs: <c>ws-1</c>, <c>noise-2</c>.</summary>
    public static RpcConnection NewConnection(string transport, IPEndPoint remote, ClaimsPrincipal principal, ReadOnlyMemory<byte>? peerStaticKey = null) =>
        new($"{transport}-{Interlocked.Increment(ref s_nextId)}", remote, principal, peerStaticKey);

    private static long s_nextId;
}
