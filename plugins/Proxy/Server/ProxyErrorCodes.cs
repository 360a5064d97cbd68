namespace Modular.Plugins.Proxy.Server;

/// <summary>The proxy's JSON-RPC application error codes (docs/protocols/proxy.md).</summary>
public static class ProxyErrorCodes
{
    /// <summary>No registration for the host.</summary>
    public const int UnknownHost = -20000;

    /// <summary>The secret does not hash to the registered one.</summary>
    public const int WrongSecret = -20001;
}
