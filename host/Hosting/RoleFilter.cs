using System.Reflection;
using Modular.Sdk.Plugins;

namespace Modular.Host.Hosting;

/// <summary>Whether a scanned class takes part in a role (see <see cref="PluginRoleAttribute"/>).</summary>
public static class RoleFilter
{
    public static bool RunsIn(Type type, PluginRoles role) =>
        type.GetCustomAttribute<PluginRoleAttribute>() is not { } only || only.Roles.HasFlag(role);
}
