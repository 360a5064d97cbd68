namespace Modular.Plugins.Relay.Client;

/// <summary>A send or receive that stopped, with a message meant for the person at the terminal.</summary>
public sealed class RelayException(string message, int? status = null) : Exception(message)
{
    /// <summary>The relay's HTTP status when the relay refused a request.</summary>
    public int? Status { get; } = status;
}
