namespace Modular.Sdk.Rpc;

/// <summary>
/// JSON-RPC error codes the host uses. Plugins document their own, outside -32768..-32000.
/// </summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>The method is admin-only and the connection holds no admin credential.</summary>
    public const int Unauthorized = -32001;

    /// <summary>The method needs a transport the connection does not have (for example a Noise session).</summary>
    public const int TransportRequired = -32003;
}
