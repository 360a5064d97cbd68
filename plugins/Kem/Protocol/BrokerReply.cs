namespace Modular.Plugins.Kem.Protocol;

/// <summary>A broker answer: <c>{"result": ...}</c> on success, <c>{"error": {...}}</c> on failure.</summary>
public sealed record BrokerReply<T>(T? Result, BrokerError? Error = null);
