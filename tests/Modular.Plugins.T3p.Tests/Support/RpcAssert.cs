using StreamJsonRpc;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>Asserts that a JSON-RPC call fails with a given error code (StreamJsonRpc maps some codes to their own exception types).</summary>
public static class RpcAssert
{
    public static async Task<RemoteRpcException> FailsWith(int code, Task call)
    {
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => call.WaitAsync(T3pTestBed.Timeout));
        var actual = (int?)error.ErrorCode;
        Assert.True(actual == code, $"expected error {code}, got {actual}: {error.Message}");
        return error;
    }
}
