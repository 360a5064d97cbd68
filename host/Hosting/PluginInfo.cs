using Modular.Sdk.Plugins;

namespace Modular.Host.Hosting;

/// <summary>One row of <c>host.plugins</c>.</summary>
public sealed record PluginInfo(string Id, string Version, PluginRoles Role, IReadOnlyList<string> Methods, IReadOnlyDictionary<string, string> Listeners);
