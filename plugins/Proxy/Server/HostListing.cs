namespace Modular.Plugins.Proxy.Server;

/// <summary>One row of <c>proxy.list</c>. Counters are since the process started.</summary>
public sealed record HostListing(string Host, int Subscribers, int ActiveConnections, long BytesIn, long BytesOut);
