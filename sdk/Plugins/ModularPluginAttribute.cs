namespace Modular.Sdk.Plugins;

/// <summary>
/// Marks an assembly as a Modular plugin. <paramref name="id"/> is the plugin's namespace: its RPC
/// methods are <c>id.method</c>, its routes live under <c>/id/</c>, its CLI verbs under <c>modular id</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ModularPluginAttribute(string id, Type pluginType) : Attribute
{
    public string Id { get; } = id;

    /// <summary>The class implementing <see cref="IPlugin"/>; it needs a public parameterless constructor.</summary>
    public Type PluginType { get; } = pluginType;

    /// <summary>The roles the plugin supports. The host refuses to run it in any other.</summary>
    public PluginRoles Roles { get; init; } = PluginRoles.Server;
}
