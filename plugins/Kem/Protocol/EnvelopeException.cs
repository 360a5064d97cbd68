namespace Modular.Plugins.Kem.Protocol;

/// <summary>An envelope that cannot be opened: malformed, for another key, or tampered with.</summary>
public sealed class EnvelopeException(string message, Exception? inner = null) : Exception(message, inner);
