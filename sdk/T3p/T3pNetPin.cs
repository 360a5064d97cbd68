using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace Modular.Sdk.T3p;

/// <summary>A delegate's network pin (<c>pin net $af $addr $prefixlen</c>): the presenting peer's address must lie in this prefix.</summary>
public sealed class T3pNetPin
{
    /// <summary><c>inet</c> or <c>inet6</c>.</summary>
    [JsonPropertyName("af")]
    public string Af { get; init; } = "";

    [JsonPropertyName("addr")]
    public string Addr { get; init; } = "";

    [JsonPropertyName("prefixLen")]
    public int PrefixLen { get; init; }

    /// <summary>Null when the pin is well-formed, else what is wrong with it.</summary>
    public string? Problem()
    {
        var family = Af switch { "inet" => AddressFamily.InterNetwork, "inet6" => AddressFamily.InterNetworkV6, _ => AddressFamily.Unknown };
        if (family == AddressFamily.Unknown)
        {
            return $"pinNet af must be inet or inet6, not '{Af}'";
        }
        if (!IPAddress.TryParse(Addr, out var address) || address.AddressFamily != family)
        {
            return $"pinNet addr '{Addr}' is not an {Af} address";
        }
        var bits = family == AddressFamily.InterNetwork ? 32 : 128;
        return PrefixLen < 0 || PrefixLen > bits ? $"pinNet prefixLen must be 0..{bits}" : null;
    }

    public bool Matches(IPAddress address)
    {
        if (Problem() is not null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var network = IPAddress.Parse(Addr);
        return network.AddressFamily == address.AddressFamily && SamePrefix(network.GetAddressBytes(), address.GetAddressBytes(), PrefixLen);
    }

    private static bool SamePrefix(byte[] a, byte[] b, int bits)
    {
        var whole = bits / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(b.AsSpan(0, whole)))
        {
            return false;
        }
        var rest = bits % 8;
        var mask = (byte)(0xff << (8 - rest));
        return rest == 0 || (a[whole] & mask) == (b[whole] & mask);
    }
}
