using System.Collections.Concurrent;

namespace Modular.Plugins.Proxy.Server;

/// <summary>The hosts that have, or had, subscribers in this process, by normalized host name.</summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<string, RoutedHost> _hosts = new(StringComparer.Ordinal);

    public RoutedHost GetOrAdd(string host) => _hosts.GetOrAdd(host, static h => new RoutedHost(h));

    public RoutedHost? Find(string host) => _hosts.TryGetValue(host, out var routed) ? routed : null;

    /// <summary>Unregistered: forget the host and close its subscriptions and connections.</summary>
    public void Close(string host)
    {
        if (_hosts.TryRemove(host, out var routed))
        {
            routed.Close();
        }
    }
}
