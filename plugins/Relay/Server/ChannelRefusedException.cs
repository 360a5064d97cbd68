namespace Modular.Plugins.Relay.Server;

/// <summary>A request or TCP identify line the relay refuses: the HTTP status and a message safe to show the peer.</summary>
public sealed class ChannelRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
