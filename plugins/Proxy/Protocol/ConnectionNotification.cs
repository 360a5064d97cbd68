namespace Modular.Plugins.Proxy.Protocol;

/// <summary>
/// The params of the <c>proxy.connection</c> notification: connect to <c>dataHost:dataPort</c> (dataHost
/// null: the host of the <c>/rpc</c> URL), write the 32 secret bytes, and serve the public <c>port</c>.
/// </summary>
public sealed record ConnectionNotification(string Subscription, string Secret, int Port, string? DataHost, int DataPort)
{
    public const string Method = "proxy.connection";
}
