using StreamJsonRpc;
using Xunit;

namespace ExamplePlugin.Tests;

public sealed class ExamplePluginRpcTests
{
    [Fact]
    public void Greet_uses_the_configured_greeting()
    {
        var rpc = new ExamplePluginRpc(new ExamplePluginOptions { Greeting = "hi" });

        Assert.Equal("hi, ada", rpc.Greet("ada"));
    }

    [Fact]
    public void Greet_without_a_name_is_invalid_params()
    {
        var rpc = new ExamplePluginRpc(new ExamplePluginOptions());

        var error = Assert.Throws<LocalRpcException>(() => rpc.Greet(" "));

        Assert.Equal(-32602, error.ErrorCode);
    }
}
