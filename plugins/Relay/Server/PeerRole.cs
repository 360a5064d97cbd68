namespace Modular.Plugins.Relay.Server;

/// <summary>The two seats of a channel.</summary>
public enum PeerRole
{
    Sender,
    Recipient,
}
