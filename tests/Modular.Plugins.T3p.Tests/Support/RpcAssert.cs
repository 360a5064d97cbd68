using StreamJsonRpc;

namespace Modular.Plugins.T3p.Tests.Support;

/// <summary>Asserts that a JSON-RPC call fails with a given error code.</summary>
public static class RpcAssert
{
    public static async Task<RemoteInvocationException> FailsWith(int code, Task call)
    {
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => call.WaitAsync(T3pTestBed.Timeout));
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}
