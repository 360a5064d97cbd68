using System.Text.Json;
using Modular.Plugins.T3p.Tests.Support;
using Modular.Sdk.Noise;
using Modular.Sdk.Rpc;

namespace Modular.Plugins.T3p.Tests.Server;

/// <summary>A service host that trusts a T3P lets the role <c>admin</c> of a ticket open admin-only methods of any plugin.</summary>
public sealed class AdminRoleTests(T3pFixture fixture) : IClassFixture<T3pFixture>
{
    private T3pTestBed Bed => fixture.Bed;

    [Fact]
    public async Task A_ticket_with_the_admin_role_opens_admin_only_methods_and_one_without_does_not()
    {
        using var alice = await AuthenticatedAtServiceAsync("alice");
        using var bob = await AuthenticatedAtServiceAsync("bob");

        Assert.Equal("admin ok", await alice.InvokeWithParameterObjectAsync<string>("sample.adminOnly").WaitAsync(T3pTestBed.Timeout));
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, bob.CallAsync("sample.adminOnly"));
    }

    [Fact]
    public async Task Admin_only_methods_stay_closed_before_host_auth()
    {
        using var service = await Bed.ConnectServiceAsync(NoiseKeyPair.Generate(), Bed.ServiceKey.PublicKey);

        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, service.CallAsync("sample.adminOnly"));
    }

    /// <summary>Logs <paramref name="name"/> in at the T3P, gets a service ticket and presents it to the service.</summary>
    private async Task<StreamJsonRpc.JsonRpc> AuthenticatedAtServiceAsync(string name)
    {
        var key = NoiseKeyPair.Generate();
        using var t3p = await Bed.LoginAsync(key, name, T3pFixture.Password);
        var issued = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = Convert.ToHexStringLower(Bed.ServiceKey.PublicKey.Span), lifetime = new object[] { new { @for = 600 } } });
        var service = await Bed.ConnectServiceAsync(key, Bed.ServiceKey.PublicKey);
        var admitted = await service.CallAsync("host.auth", new { user = $"{name}@example.org", ticket = issued.GetProperty("ticket").GetString() });
        Assert.Equal($"{name}@example.org", admitted.GetProperty("user").GetString());
        return service;
    }
}
