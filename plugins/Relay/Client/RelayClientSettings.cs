using System.Net;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// Where the relay is and how to talk to it. <see cref="LocalAddress"/> binds every HTTP and TCP connection
/// to one local address (a multi-homed machine, or tests that need distinct loopback sources).
/// <see cref="RoutePrefix"/> is the relay's <c>routePrefix</c>, added to <see cref="Relay"/>.
/// </summary>
public sealed record RelayClientSettings(Uri Relay, RelayClientConfig Config, IPAddress? LocalAddress = null, string RoutePrefix = RelayPlugin.Id)
{
    public const string EnvironmentVariable = "MODULAR_RELAY";

    /// <summary>The relay URL from <c>--relay</c>, else MODULAR_RELAY, else the config's <c>client.relay</c>.</summary>
    public static Uri ResolveRelay(string? option, RelayClientConfig config)
    {
        var value = option ?? Environment.GetEnvironmentVariable(EnvironmentVariable) ?? config.Relay
            ?? throw new RelayException($"no relay: pass --relay URL, set {EnvironmentVariable}, or set client.relay in the relay plugin's config");
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new RelayException($"'{value}' is not an http(s) URL of a relay");
    }
}
