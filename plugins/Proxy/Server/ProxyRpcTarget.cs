using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Plugins;
using Modular.Sdk.Rpc;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// <c>proxy.register</c>, <c>proxy.unregister</c>, <c>proxy.list</c> (admin) and <c>proxy.subscribe</c>.
/// One instance per WebSocket: a subscription lives as long as the connection it was made on.
/// </summary>
[PluginRole(PluginRoles.Server)]
public sealed class ProxyRpcTarget(
    RegistrationStore registrations,
    RouteTable routes,
    IRpcConnection connection,
    ILogger<ProxyRpcTarget> logger) : IRpcTarget
{
    [AdminOnly]
    public async Task RegisterAsync(string? host = null, string? secretHash = null)
    {
        var name = RequireHost(host);
        if (!ProxySecrets.TryParseHex(secretHash, SHA256.HashSizeInBytes, SHA256.HashSizeInBytes, out var hash))
        {
            throw RpcErrors.InvalidParams("secretHash must be the 64 hex characters of the SHA-256 of the secret");
        }
        var registration = new Registration(name, Convert.ToHexStringLower(hash));
        var previous = await registrations.GetAsync(name).ConfigureAwait(false);
        await registrations.SetAsync(registration).ConfigureAwait(false);
        if (previous is not null && previous.SecretHash != registration.SecretHash)
        {
            // The old secret is revoked: its subscribers may not receive new connections.
            routes.Find(name)?.RemoveAllSubscribers();
        }
        logger.LogInformation("proxy: {Host} {Action} by {Connection}", name, previous is null ? "registered" : "re-registered", connection.Id);
    }

    [AdminOnly]
    public async Task UnregisterAsync(string? host = null)
    {
        var name = RequireHost(host);
        if (!await registrations.DeleteAsync(name).ConfigureAwait(false))
        {
            throw RpcErrors.Create(ProxyErrorCodes.UnknownHost, $"unknown host '{name}'");
        }
        routes.Close(name);
        logger.LogInformation("proxy: {Host} unregistered by {Connection}; its connections are closed", name, connection.Id);
    }

    [AdminOnly]
    public async Task<List<HostListing>> ListAsync()
    {
        var listing = new List<HostListing>();
        await foreach (var registration in registrations.ListAsync().ConfigureAwait(false))
        {
            var routed = routes.Find(registration.Host);
            listing.Add(new HostListing(registration.Host, routed?.SubscriberCount ?? 0, routed?.ActiveConnections ?? 0, routed?.BytesIn ?? 0, routed?.BytesOut ?? 0));
        }
        listing.Sort((a, b) => string.CompareOrdinal(a.Host, b.Host));
        return listing;
    }

    public async Task<SubscribeResult> SubscribeAsync(string? host = null, string? secret = null, bool proxyProtocol = false)
    {
        var name = RequireHost(host);
        if (!ProxySecrets.TryParseHex(secret, ProxySecrets.MinLength, ProxySecrets.MaxLength, out var secretBytes))
        {
            throw RpcErrors.InvalidParams($"secret must be hex of {ProxySecrets.MinLength} to {ProxySecrets.MaxLength} bytes");
        }
        var registration = await registrations.GetAsync(name).ConfigureAwait(false)
            ?? throw RpcErrors.Create(ProxyErrorCodes.UnknownHost, $"unknown host '{name}'");
        var presented = SHA256.HashData(secretBytes);
        CryptographicOperations.ZeroMemory(secretBytes);
        if (!CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(registration.SecretHash)))
        {
            logger.LogInformation("proxy: wrong secret for {Host} from {Remote}", name, connection.RemoteEndPoint);
            throw RpcErrors.Create(ProxyErrorCodes.WrongSecret, "wrong secret");
        }
        var subscriber = new Subscriber("sub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), connection, proxyProtocol);
        var routed = routes.GetOrAdd(name);
        if (!routed.TryAdd(subscriber))
        {
            throw RpcErrors.Create(ProxyErrorCodes.UnknownHost, $"unknown host '{name}'");
        }
        // Register and unregister write the store before they touch the routes: read it again, so that a
        // change that landed between the check above and TryAdd is never missed.
        var current = await registrations.GetAsync(name).ConfigureAwait(false);
        if (current?.SecretHash != registration.SecretHash)
        {
            routed.Remove(subscriber);
            throw current is null
                ? RpcErrors.Create(ProxyErrorCodes.UnknownHost, $"unknown host '{name}'")
                : RpcErrors.Create(ProxyErrorCodes.WrongSecret, "wrong secret");
        }
        connection.Closed.Register(() => routed.Remove(subscriber));
        logger.LogInformation("proxy: {Remote} subscribed to {Host} as {Subscription}", connection.RemoteEndPoint, name, subscriber.Id);
        return new SubscribeResult(subscriber.Id);
    }

    private static string RequireHost(string? host) =>
        HostNames.TryNormalize(host, out var name)
            ? name
            : throw RpcErrors.InvalidParams("host must be a DNS name (letters, digits, '-', '.', '_') of at most 253 characters");
}
