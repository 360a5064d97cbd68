using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>A broker failure with its HTTP status, answered as <c>{"error": {...}}</c>.</summary>
public sealed class BrokerException(int status, string message, bool isRetryable = false) : Exception(message)
{
    public int Status { get; } = status;

    public BrokerError ToError() => new(Message, isRetryable);
}
