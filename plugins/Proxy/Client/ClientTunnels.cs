using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Internal;
using Modular.Sdk.Net;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Client;

/// <summary>
/// The client's side of each <c>proxy.connection</c>: connect to the server's data port, write the
/// ephemeral secret, connect to the local address mapped to the public port, and relay both ways.
/// Each runs on its own task; <see cref="StopAsync"/> resets them all.
/// </summary>
public sealed class ClientTunnels(ProxyClientOptions options, ClientTargets targets, ILogger<ClientTunnels> logger)
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Starts serving <paramref name="notification"/> and returns at once.</summary>
    public void Start(ConnectionNotification notification)
    {
        if (!ProxySecrets.TryParseHex(notification.Secret, ProxySecrets.EphemeralLength, ProxySecrets.EphemeralLength, out var secret))
        {
            logger.LogWarning("proxy client: ignored a notification for {Subscription} with a malformed secret", notification.Subscription);
            return;
        }
        if (!targets.PortMap.TryGetValue(notification.Port, out var target))
        {
            logger.LogWarning("proxy client: a connection arrived on public port {Port}, which portMap does not map; ignored", notification.Port);
            return;
        }
        if (notification.DataPort is < 1 or > 65535)
        {
            // ConnectAsync would throw ArgumentOutOfRangeException, which is no network failure to log and forget.
            logger.LogWarning("proxy client: ignored a notification for {Subscription} with data port {DataPort}", notification.Subscription, notification.DataPort);
            return;
        }
        var dataHost = notification.DataHost ?? targets.Server.DnsSafeHost;
        var task = Task.Run(() => RunAsync(dataHost, notification.DataPort, secret, target, _stopping.Token));
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
    }

    private async Task RunAsync(string dataHost, int dataPort, byte[] secret, (string Host, int Port) target, CancellationToken stopping)
    {
        var data = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var local = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                connecting.CancelAfter(TimeSpan.FromMilliseconds(options.ConnectTimeoutMs));
                await data.ConnectAsync(dataHost, dataPort, connecting.Token).ConfigureAwait(false);
                await SocketWrites.SendAllAsync(data, secret, connecting.Token).ConfigureAwait(false);
                await local.ConnectAsync(target.Host, target.Port, connecting.Token).ConfigureAwait(false);
            }
            await SocketRelay.RunAsync(data, local, options.CopyBufferBytes, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogWarning("proxy client: tunnel via {DataHost}:{DataPort} to {Target} failed: {Reason}",
                dataHost, dataPort, $"{target.Host}:{target.Port}", e.Message);
            SocketRelay.Abort(data);
            SocketRelay.Abort(local);
        }
        finally
        {
            data.Dispose();
            local.Dispose();
        }
    }
}
