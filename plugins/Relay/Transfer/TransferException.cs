namespace Modular.Plugins.Relay.Transfer;

/// <summary>The transfer cannot go on: a bad or tampered frame, a protocol violation, or a refusal by the peer.</summary>
public sealed class TransferException(string message) : Exception(message);
