using System.Text.Json;
using StreamJsonRpc;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>A JSON-RPC call with a parameter object, bounded by the test timeout.</summary>
public static class RpcCalls
{
    public static Task<JsonElement> CallAsync(this JsonRpc rpc, string method, object? parameters = null) =>
        rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters ?? new { }).WaitAsync(T3pTestBed.Timeout);
}
