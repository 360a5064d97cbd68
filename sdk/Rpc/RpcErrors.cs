using StreamJsonRpc;

namespace Modular.Sdk.Rpc;

/// <summary>
/// Exceptions that become JSON-RPC errors with a chosen code and message. Anything else a method throws
/// becomes -32603 "internal error" (logged, never sent with details).
/// </summary>
public static class RpcErrors
{
    public static LocalRpcException Create(int code, string message, object? data = null) =>
        new(message) { ErrorCode = code, ErrorData = data };

    public static LocalRpcException InvalidParams(string message) => Create(RpcErrorCodes.InvalidParams, message);

    public static LocalRpcException Unauthorized() => Create(RpcErrorCodes.Unauthorized, "unauthorized");

    /// <summary>Throws <see cref="Unauthorized"/> unless the connection's principal is an admin.</summary>
    public static void DemandAdmin(this IRpcConnection connection)
    {
        if (!connection.Principal.IsInRole(RpcRoles.Admin))
        {
            throw Unauthorized();
        }
    }
}
