namespace Modular.Plugins.Relay.Client;

/// <summary>The recipient refuses an offer; the message is sent to the sender as the reject reason.</summary>
public sealed class OfferRefusedException(string message) : Exception(message);
