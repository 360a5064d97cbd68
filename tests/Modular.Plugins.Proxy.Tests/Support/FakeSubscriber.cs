using System.Threading.Channels;
using Modular.Plugins.Proxy.Protocol;
using StreamJsonRpc;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>A subscriber driven by the test: it records notifications and connects back only when told.</summary>
internal sealed class FakeSubscriber : IDisposable
{
    private readonly Channel<ConnectionNotification> _notifications;

    private FakeSubscriber(JsonRpc rpc, string subscription, Channel<ConnectionNotification> notifications)
    {
        _notifications = notifications;
        Rpc = rpc;
        Subscription = subscription;
    }

    public JsonRpc Rpc { get; }

    public string Subscription { get; }

    public int Received => _notifications.Reader.Count;

    /// <summary>Parameter names matter: StreamJsonRpc binds the notification's params object by name.</summary>
    public static async Task<FakeSubscriber> SubscribeAsync(ProxyServerHost server, string host, string hostSecret, bool proxyProtocol = false)
    {
        var sink = Channel.CreateUnbounded<ConnectionNotification>();
        var rpc = await server.Host.ConnectAsync(configure: r => r.AddLocalRpcMethod(ConnectionNotification.Method,
            new Action<string, string, int, string?, int>((subscription, secret, port, dataHost, dataPort) =>
                sink.Writer.TryWrite(new ConnectionNotification(subscription, secret, port, dataHost, dataPort)))));
        var result = await rpc.InvokeWithParameterObjectAsync<SubscribeResult>("proxy.subscribe", new { host, secret = hostSecret, proxyProtocol });
        return new FakeSubscriber(rpc, result.Subscription, sink);
    }

    public async Task<ConnectionNotification> NextAsync() => await _notifications.Reader.ReadAsync().AsTask().WaitAsync(Wire.Timeout);

    public void Dispose() => Rpc.Dispose();
}
