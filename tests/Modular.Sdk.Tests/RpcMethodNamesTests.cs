using Modular.Sdk.Rpc;

namespace Modular.Sdk.Tests;

public sealed class RpcMethodNamesTests
{
    [Theory]
    [InlineData("proxy", "Register", "proxy.register")]
    [InlineData("proxy", "RegisterAsync", "proxy.register")]
    [InlineData("kem", "CreateTicketAsync", "kem.createTicket")]
    [InlineData("host", "Async", "host.async")]
    public void Method_names_are_namespaced_camel_case_without_async(string ns, string clr, string expected)
    {
        Assert.Equal(expected, RpcMethodNames.For(ns, clr));
    }
}
