using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Listeners;
using Modular.Sdk.Net;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// Hands a sniffed public connection to a subscriber of its host: offers it to each subscriber in
/// round-robin turn until one connects back, then splices the two connections. Runs on the public
/// connection's own task, so a silent subscriber delays only that connection.
/// </summary>
public sealed class TunnelDispatcher(
    RouteTable routes,
    ConnectBackOffers offers,
    ProxyServerOptions options,
    IListenerEndpoints listeners,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TunnelDispatcher> logger)
{
    /// <summary>Tunnels <paramref name="connection"/> to a subscriber of <paramref name="host"/>, starting with the bytes sniffed from it.</summary>
    public async Task DispatchAsync(ConnectionContext connection, string host, ReadOnlyMemory<byte> sniffed)
    {
        var routed = routes.Find(host);
        if (routed is null || routed.SubscriberCount == 0)
        {
            logger.LogDebug("{Connection}: nobody serves {Host}; closing", connection.ConnectionId, host);
            return;
        }
        if (!routed.TryEnterPending(options.MaxPendingPerHost))
        {
            logger.LogWarning("{Connection}: {Host} already has maxPendingPerHost ({Max}) connections waiting for a connect-back; closing",
                connection.ConnectionId, host, options.MaxPendingPerHost);
            return;
        }
        // Unregistering the host or stopping the host ends waiting offers and live tunnels alike.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(routed.Closing, lifetime.ApplicationStopping);
        (DataConnection Data, Subscriber Subscriber)? accepted;
        try
        {
            accepted = await OfferAsync(connection, routed, ending.Token).ConfigureAwait(false);
        }
        finally
        {
            routed.ExitPending();
        }
        if (accepted is not { } found)
        {
            return;
        }
        var (data, subscriber) = found;
        routed.TunnelOpened();
        try
        {
            if (subscriber.ProxyProtocol)
            {
                var header = new byte[ProxyProtocolV2.MaxLength];
                var length = ProxyProtocolV2.Write(header, connection.RemoteEndPoint, connection.LocalEndPoint);
                await SocketWrites.SendAllAsync(data.Socket, header.AsMemory(0, length)).ConfigureAwait(false);
            }
            await SocketWrites.SendAllAsync(data.Socket, sniffed).ConfigureAwait(false);
            routed.CountIn(sniffed.Length);
            await ConnectionSplice.RunAsync(connection, data.Context, routed.CountIn, routed.CountOut, ending.Token).ConfigureAwait(false);
            logger.LogDebug("{Connection}: tunnel for {Host} through {Subscription} ended", connection.ConnectionId, host, subscriber.Id);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            logger.LogDebug("{Connection}: the data connection for {Host} failed: {Reason}", connection.ConnectionId, host, e.Message);
        }
        finally
        {
            routed.TunnelClosed();
            data.Finish();
        }
    }

    private async Task<(DataConnection, Subscriber)?> OfferAsync(ConnectionContext connection, RoutedHost routed, CancellationToken ending)
    {
        var port = (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        var dataPort = listeners.Get(ProxyPlugin.Id, ProxyPlugin.DataListener).Port;
        foreach (var subscriber in routed.NextTurnOrder())
        {
            var offer = offers.Create();
            var notification = new ConnectionNotification(subscriber.Id, Convert.ToHexStringLower(offer.Secret), port, options.AdvertiseHost, dataPort);
            try
            {
                var data = await NotifyAndWaitAsync(subscriber, notification, offer)
                    .WaitAsync(TimeSpan.FromMilliseconds(options.ConnectBackTimeoutMs), time, ending).ConfigureAwait(false);
                return (data, subscriber);
            }
            catch (Exception e)
            {
                // Whatever stopped this subscriber (a timeout, its WebSocket gone, a failed notification), its
                // offer must not outlive the attempt: nothing else would ever remove it.
                if (!offers.Withdraw(offer))
                {
                    // A data connection took the secret just in time; the splice sees `ending` if that is why we stopped.
                    return (await offer.Accepted.ConfigureAwait(false), subscriber);
                }
                if (ending.IsCancellationRequested)
                {
                    return null;
                }
                logger.LogInformation("{Connection}: subscription {Subscription} of {Host} did not connect back ({Reason}); offering the next subscriber",
                    connection.ConnectionId, subscriber.Id, routed.Host, e is TimeoutException ? "timeout" : e.Message);
            }
        }
        logger.LogInformation("{Connection}: no subscriber of {Host} connected back; closing", connection.ConnectionId, routed.Host);
        return null;
    }

    private static async Task<DataConnection> NotifyAndWaitAsync(Subscriber subscriber, ConnectionNotification notification, ConnectBackOffer offer)
    {
        await subscriber.Connection.NotifyAsync(ConnectionNotification.Method, notification).ConfigureAwait(false);
        return await offer.Accepted.ConfigureAwait(false);
    }
}
