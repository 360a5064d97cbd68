namespace Modular.Plugins.Kem.Tunnel;

/// <summary>The peer broke the tunnel protocol (bad length, seq or tag, unknown channel): the tunnel closes.</summary>
public sealed class TunnelProtocolException(string message) : Exception(message);
