namespace Modular.Plugins.Kem.Protocol;

/// <summary>The <c>error</c> object of a broker failure; <c>percent</c> is kept for OpenUDS clients and is always 0 here.</summary>
public sealed record BrokerError(string Message, bool IsRetryable, int Percent = 0);
