using System.Reflection;
using Microsoft.Extensions.Logging;
using Modular.Sdk.Rpc;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Host.Rpc;

/// <summary>
/// The host's JsonRpc: enforces <see cref="AdminOnlyAttribute"/> before a method runs, and turns any
/// exception that is not a deliberate <see cref="LocalRpcException"/> into -32603 without details
/// (the exception is logged here, never sent).
/// </summary>
public sealed class ModularJsonRpc(IJsonRpcMessageHandler handler, RpcConnection connection, ILogger logger) : JsonRpc(handler)
{
    protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        var method = targetMethod.TargetMethodInfo;
        var adminOnly = method?.GetCustomAttribute<AdminOnlyAttribute>() is not null
            || method?.DeclaringType?.GetCustomAttribute<AdminOnlyAttribute>() is not null;
        if (adminOnly && !connection.Principal.IsInRole(RpcRoles.Admin))
        {
            logger.LogInformation("rpc {Connection}: refused admin-only {Method} from {Remote}", connection.Id, request.Method, connection.RemoteEndPoint);
            return new JsonRpcError
            {
                RequestId = request.RequestId,
                Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)RpcErrorCodes.Unauthorized, Message = "unauthorized" },
            };
        }
        return await base.DispatchRequestAsync(request, targetMethod, cancellationToken).ConfigureAwait(false);
    }

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
        if (cause is LocalRpcException local)
        {
            return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)local.ErrorCode, Message = local.Message, Data = local.ErrorData };
        }
        if (cause is OperationCanceledException)
        {
            return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.RequestCanceled, Message = "request canceled" };
        }
        logger.LogError(cause, "rpc {Connection}: {Method} failed", connection.Id, request.Method);
        return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InternalError, Message = "internal error" };
    }
}
