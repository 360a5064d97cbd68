namespace Modular.Sdk.Rpc;

/// <summary>Role names the host puts on principals.</summary>
public static class RpcRoles
{
    /// <summary>May call admin-only methods and routes.</summary>
    public const string Admin = "admin";
}
