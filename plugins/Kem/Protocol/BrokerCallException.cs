namespace Modular.Plugins.Kem.Protocol;

/// <summary>A call to the broker failed: unreachable, timed out, refused (with its HTTP status and message) or answered nonsense.</summary>
public sealed class BrokerCallException(string message, int? status = null, bool isRetryable = false, Exception? inner = null) : Exception(message, inner)
{
    public int? Status { get; } = status;

    public bool IsRetryable { get; } = isRetryable;
}
