namespace Modular.Plugins.Relay.Pake;

/// <summary>A SPAKE2 input that must stop the exchange (a bad peer point, a failed confirmation).</summary>
public sealed class Spake2Exception(string message) : Exception(message);
