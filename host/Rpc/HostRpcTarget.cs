using Modular.Host.Hosting;
using Modular.Sdk.Rpc;

namespace Modular.Host.Rpc;

/// <summary>The host's own methods: <c>host.ping</c> and <c>host.plugins</c>.</summary>
public sealed class HostRpcTarget(PluginDirectory directory) : IRpcTarget
{
    /// <summary>Answers <c>"pong"</c>: a liveness check and the cheapest round trip there is.</summary>
    public string Ping() => "pong";

    /// <summary>The host and each running plugin: id, version, role, methods and bound listen addresses.</summary>
    public IReadOnlyList<PluginInfo> Plugins() => directory.Describe();
}
