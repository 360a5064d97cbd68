using Microsoft.Extensions.DependencyInjection;

// The old SDK's public surface, as far as a plugin manifest needs it.
namespace Modular.Sdk.Plugins
{
    [Flags]
    public enum PluginRoles
    {
        None = 0,
        Server = 1,
        Client = 2,
    }

    [AttributeUsage(AttributeTargets.Assembly)]
    public sealed class ModularPluginAttribute(string id, Type pluginType) : Attribute
    {
        public string Id { get; } = id;

        public Type PluginType { get; } = pluginType;

        public PluginRoles Roles { get; init; } = PluginRoles.Server;
    }

    public interface IPlugin
    {
        void ConfigureServices(object context, IServiceCollection services);
    }
}
