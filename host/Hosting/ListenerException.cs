namespace Modular.Host.Hosting;

/// <summary>A listen address that cannot be bound; the message names the address and who asked for it.</summary>
public sealed class ListenerException(string message, Exception? inner = null) : Exception(message, inner);
