using System.Net;

namespace Modular.Sdk.Listeners;

/// <summary>
/// The addresses the host's listeners are bound to, known once the host has started (a configured
/// port 0 becomes a real port here). Plugins use it to tell peers where to connect.
/// </summary>
public interface IListenerEndpoints
{
    /// <summary>The bound address of the listener <paramref name="name"/> of plugin <paramref name="pluginId"/>.</summary>
    IPEndPoint Get(string pluginId, string name);

    /// <summary>The bound address of the JSON-RPC WebSocket listener, or null when the host runs none.</summary>
    IPEndPoint? Rpc { get; }
}
