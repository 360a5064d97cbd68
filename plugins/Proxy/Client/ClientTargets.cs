namespace Modular.Plugins.Proxy.Client;

/// <summary>The client config's addresses, parsed: the server's <c>/rpc</c> URL and the local address per public port.</summary>
public sealed record ClientTargets(Uri Server, IReadOnlyDictionary<int, (string Host, int Port)> PortMap);
