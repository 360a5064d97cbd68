using System.Net;
using System.Net.Sockets;

namespace Modular.Plugins.Htx.Server;

/// <summary>The network a client is rate-limited as: its IPv4 /24 or its IPv6 /56.</summary>
public static class ClientPrefix
{
    public const int IPv4Bits = 24;
    public const int IPv6Bits = 56;

    /// <summary>The prefix in CIDR form, such as <c>192.0.2.0/24</c> or <c>2001:db8:0:ff00::/56</c>. IPv4-mapped IPv6 counts as IPv4.</summary>
    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? IPv4Bits : IPv6Bits;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        bytes[(bits / 8)..].Clear();
        return $"{new IPAddress(bytes)}/{bits}";
    }
}
