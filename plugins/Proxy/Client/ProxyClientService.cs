using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Rpc;
using StreamJsonRpc;

namespace Modular.Plugins.Proxy.Client;

/// <summary>
/// The client role: keeps a JSON-RPC connection to the server with every configured host subscribed,
/// serves <c>proxy.connection</c> notifications, and reconnects with exponential backoff and jitter
/// whenever the server goes away or refuses all subscriptions.
/// </summary>
public sealed class ProxyClientService(ProxyClientOptions options, ClientTargets targets, ClientTunnels tunnels, TimeProvider time, ILogger<ProxyClientService> logger)
    : BackgroundService
{
    private ClientState _state = ClientState.Starting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A server that accepts TCP but never answers must not hold the client forever.
                using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                connecting.CancelAfter(TimeSpan.FromMilliseconds(options.ConnectTimeoutMs));
                using var rpc = await RpcClient.ConnectAsync(targets.Server, bearerToken: null,
                    r => r.AddLocalRpcMethod(ConnectionNotification.Method, new Action<string, string, int, string?, int>(OnConnection)),
                    connecting.Token).ConfigureAwait(false);
                var subscribed = await SubscribeAllAsync(rpc, connecting.Token).ConfigureAwait(false);
                if (subscribed.Count > 0)
                {
                    failures = 0;
                    Enter(ClientState.Subscribed, () => logger.LogInformation("proxy client: connected to {Server}, serving {Hosts}", targets.Server, string.Join(", ", subscribed)));
                    await rpc.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
                    Enter(ClientState.Disconnected, () => logger.LogWarning("proxy client: lost the connection to {Server}; reconnecting with backoff", targets.Server));
                }
                else
                {
                    Enter(ClientState.Rejected, () => logger.LogError("proxy client: {Server} accepted none of the subscriptions; retrying with backoff", targets.Server));
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Enter(_state == ClientState.Subscribed ? ClientState.Disconnected : ClientState.Unreachable,
                    () => logger.LogWarning("proxy client: cannot reach {Server} ({Reason}); retrying with backoff", targets.Server, e.Message));
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await Task.Delay(NextDelay(failures++), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await tunnels.StopAsync().ConfigureAwait(false);
        Enter(ClientState.Stopped, () => logger.LogInformation("proxy client: stopped"));
    }

    private void OnConnection(string subscription, string secret, int port, string? dataHost, int dataPort) =>
        tunnels.Start(new ConnectionNotification(subscription, secret, port, dataHost, dataPort));

    private async Task<List<string>> SubscribeAllAsync(JsonRpc rpc, CancellationToken cancellationToken)
    {
        var subscribed = new List<string>();
        foreach (var proxy in options.Proxies)
        {
            try
            {
                await rpc.InvokeWithParameterObjectAsync<SubscribeResult>("proxy.subscribe",
                    new { host = proxy.Host, secret = proxy.Secret, proxyProtocol = options.ProxyProtocol }, cancellationToken).ConfigureAwait(false);
                subscribed.Add(proxy.Host);
            }
            catch (Exception e) when (e is RemoteInvocationException or RemoteMethodNotFoundException)
            {
                // StreamJsonRpc reports -32602 as "method not found"; both mean the server said no.
                logger.LogError("proxy client: {Server} refused the subscription to {Host}: {Message}", targets.Server, proxy.Host, e.Message);
            }
        }
        return subscribed;
    }

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random.</summary>
    private TimeSpan NextDelay(int failures)
    {
        var step = Math.Min(options.ReconnectMaxMs, options.ReconnectInitialMs * Math.Pow(2, Math.Min(failures, 30)));
        return TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
    }

    /// <summary>Logs <paramref name="log"/> only when the state actually changes: a long outage logs once.</summary>
    private void Enter(ClientState state, Action log)
    {
        if (_state == state)
        {
            return;
        }
        _state = state;
        log();
    }
}
