namespace Modular.Plugins.Proxy.Client;

/// <summary>Where the client stands with its server; each change is logged once.</summary>
public enum ClientState
{
    Starting,
    Subscribed,
    Rejected,
    Unreachable,
    Disconnected,
    Stopped,
}
