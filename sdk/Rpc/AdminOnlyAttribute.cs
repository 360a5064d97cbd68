namespace Modular.Sdk.Rpc;

/// <summary>
/// An RPC method only admins may call. The host answers -32001 "unauthorized" before the method runs
/// unless the connection's principal has the admin role (a bearer token from <c>admin.tokens</c> on
/// the WebSocket upgrade, or a T3P ticket with the role).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class AdminOnlyAttribute : Attribute;
