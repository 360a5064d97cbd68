using System.Collections.Concurrent;
using System.Security.Cryptography;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Server;

/// <summary>
/// Open connect-back offers by secret. Each secret is taken at most once: by the data connection that
/// presents it, or by the public side withdrawing it when its time is up, whichever comes first.
/// </summary>
public sealed class ConnectBackOffers
{
    private readonly ConcurrentDictionary<string, ConnectBackOffer> _offers = new(StringComparer.Ordinal);

    public ConnectBackOffer Create()
    {
        var secret = RandomNumberGenerator.GetBytes(ProxySecrets.EphemeralLength);
        var offer = new ConnectBackOffer(secret, KeyOf(secret));
        _offers[offer.Key] = offer;
        return offer;
    }

    /// <summary>The offer for <paramref name="secret"/>, removed; null when unknown, expired or already used.</summary>
    public ConnectBackOffer? Take(ReadOnlySpan<byte> secret)
    {
        if (!_offers.TryRemove(KeyOf(secret), out var offer))
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(offer.Secret, secret) ? offer : null;
    }

    /// <summary>True when the offer was still open and is now gone; false when a data connection took it.</summary>
    public bool Withdraw(ConnectBackOffer offer) => _offers.TryRemove(new KeyValuePair<string, ConnectBackOffer>(offer.Key, offer));

    private static string KeyOf(ReadOnlySpan<byte> secret) => Convert.ToHexString(SHA256.HashData(secret));
}
