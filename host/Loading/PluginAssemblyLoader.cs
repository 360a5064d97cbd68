using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modular.Host.Configuration;
using Modular.Sdk.Plugins;
using StreamJsonRpc;

namespace Modular.Host.Loading;

/// <summary>
/// Loads each plugin with McMaster.NETCore.Plugins into its own load context. Two kinds of assembly
/// are the host's, one copy and one identity for everybody:
/// <list type="bullet">
/// <item>framework abstractions (DI, logging, options, hosting, connections, HTTP, routing), shared
/// through McMaster's list;</item>
/// <item>the SDK's public surface (<see cref="HostProvided"/>), shared because a plugin never ships
/// it. McMaster would share the whole dependency closure of anything on its list, and StreamJsonRpc's
/// closure holds Newtonsoft.Json, MessagePack and more: plugins would lose the choice of those versions.
/// A plugin that ships one of these is refused instead.</item>
/// </list>
/// Everything else a plugin ships stays private to it, so two plugins may carry different major
/// versions of the same package.
/// </summary>
public sealed class PluginAssemblyLoader(PluginLocator locator)
{
    private static readonly Type[] SharedFrameworkTypes =
    [
        typeof(IServiceCollection),      // DependencyInjection.Abstractions
        typeof(ServiceProvider),         // DependencyInjection
        typeof(ILogger),                 // Logging.Abstractions
        typeof(IOptions<>),              // Options
        typeof(IHostedService),          // Hosting.Abstractions
        typeof(ConnectionHandler),       // Connections.Abstractions
        typeof(HttpContext),             // Http.Abstractions
        typeof(IApplicationBuilder),     // Http.Abstractions
        typeof(IEndpointRouteBuilder),   // Routing
    ];

    /// <summary>The assemblies of the SDK's public surface: a plugin uses the host's and must not ship its own.</summary>
    public static readonly IReadOnlyList<AssemblyName> HostProvided =
    [
        typeof(IPlugin).Assembly.GetName(),
        typeof(JsonRpc).Assembly.GetName(),
        typeof(System.CommandLine.Command).Assembly.GetName(),
    ];

    private static readonly AssemblyName SdkName = typeof(IPlugin).Assembly.GetName();

    public LoadedPlugin Load(PluginEntry entry, int index, LoadedConfig config)
    {
        var path = locator.Locate(entry, config);
        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(path, SharedFrameworkTypes, c => c.PreferSharedTypes = false);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new PluginLoadException(entry.Id, $"cannot load {path}: {e.Message}", e);
        }

        // Checked before any SDK type of the plugin is touched: a mismatch would otherwise surface far away.
        var sdkReference = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == SdkName.Name);
        if (sdkReference is null)
        {
            throw new PluginLoadException(entry.Id, $"{path} does not reference {SdkName.Name}; it is not a Modular plugin");
        }
        if (sdkReference.Version != SdkName.Version)
        {
            throw new PluginLoadException(entry.Id,
                $"built against {SdkName.Name} {sdkReference.Version}, but this host provides {SdkName.Name} {SdkName.Version}; rebuild the plugin against {SdkName.Version}");
        }

        var shipped = HostProvided.FirstOrDefault(a => File.Exists(Path.Combine(Path.GetDirectoryName(path)!, a.Name + ".dll")));
        if (shipped is not null)
        {
            throw new PluginLoadException(entry.Id,
                $"{Path.GetDirectoryName(path)} ships its own {shipped.Name}.dll; plugins must use the host's (reference Modular.Sdk with Private=false and ExcludeAssets=runtime, and do not reference {shipped.Name} directly)");
        }

        var manifest = assembly.GetCustomAttribute<ModularPluginAttribute>();
        if (manifest is null)
        {
            var foreign = assembly.GetCustomAttributesData().Any(a => a.AttributeType.FullName == typeof(ModularPluginAttribute).FullName);
            throw new PluginLoadException(entry.Id, foreign
                ? $"{path} carries its own copy of {SdkName.Name}; its SDK types are not the host's (reference the SDK with Private=false and ExcludeAssets=runtime)"
                : $"{path} has no [assembly: ModularPlugin(...)] attribute");
        }
        if (manifest.Id != entry.Id)
        {
            throw new PluginLoadException(entry.Id, $"{path} is the plugin '{manifest.Id}', not '{entry.Id}'");
        }
        if (!typeof(IPlugin).IsAssignableFrom(manifest.PluginType) || manifest.PluginType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginLoadException(entry.Id, $"{manifest.PluginType} must implement IPlugin and have a public parameterless constructor");
        }
        return new LoadedPlugin { Entry = entry, Index = index, Assembly = assembly, Manifest = manifest };
    }
}
