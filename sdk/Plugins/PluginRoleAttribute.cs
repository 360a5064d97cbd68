namespace Modular.Sdk.Plugins;

/// <summary>
/// Limits an RPC target, HTTP endpoints class or hosted service found by scanning to some roles.
/// Without it a class is used in every role the plugin runs in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PluginRoleAttribute(PluginRoles roles) : Attribute
{
    public PluginRoles Roles { get; } = roles;
}
