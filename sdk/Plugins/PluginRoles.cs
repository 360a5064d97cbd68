namespace Modular.Sdk.Plugins;

/// <summary>The roles a plugin can run in; the host runs in exactly one.</summary>
[Flags]
public enum PluginRoles
{
    None = 0,
    /// <summary>Public node: <c>modular serve</c>.</summary>
    Server = 1,
    /// <summary>Private workload: <c>modular client</c>.</summary>
    Client = 2,
}
