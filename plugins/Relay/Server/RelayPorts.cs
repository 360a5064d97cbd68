using Modular.Sdk.Listeners;

namespace Modular.Plugins.Relay.Server;

/// <summary>The bound ports of the <c>tcpListen</c> listeners (<c>tcp0</c>, <c>tcp1</c>, ...), known once the host has started.</summary>
public sealed class RelayPorts(RelayOptions options, IListenerEndpoints listeners)
{
    private IReadOnlyList<int>? _ports;

    public static string ListenerName(int index) => $"tcp{index}";

    public IReadOnlyList<int> Ports => _ports ??= Enumerable.Range(0, options.TcpListen.Count)
        .Select(i => listeners.Get(RelayPlugin.Id, ListenerName(i)).Port)
        .ToArray();
}
