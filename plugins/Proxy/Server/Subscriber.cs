using Modular.Sdk.Rpc;

namespace Modular.Plugins.Proxy.Server;

/// <summary>One <c>proxy.subscribe</c>: the WebSocket to notify and how it wants its data connections.</summary>
public sealed record Subscriber(string Id, IRpcConnection Connection, bool ProxyProtocol);
