using System.Globalization;
using System.Net;
using Modular.Sdk.Config;

namespace Modular.Sdk.Net;

/// <summary>Parses the <c>"host:port"</c> listen addresses used throughout the config.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Parses <c>127.0.0.1:9080</c>, <c>[::1]:9080</c>, <c>0.0.0.0:0</c> or <c>localhost:80</c>.
    /// Throws <see cref="ConfigException"/> naming <paramref name="what"/> when the address is not one.
    /// </summary>
    public static IPEndPoint Parse(string? address, string what)
    {
        if (TryParse(address, out var endPoint))
        {
            return endPoint;
        }
        throw new ConfigException($"{what}: '{address}' is not a listen address; write host:port, for example 127.0.0.1:9080 or [::]:443");
    }

    public static bool TryParse(string? address, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!TrySplit(address, out var host, out var port))
        {
            return false;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }
        if (!IPAddress.TryParse(host, out var ip))
        {
            return false;
        }
        endPoint = new IPEndPoint(ip, port);
        return true;
    }

    /// <summary>
    /// Splits any <c>host:port</c> of the config (a name or an address, IPv6 in brackets) into a non-empty host
    /// without brackets and a port from 0 to 65535. Addresses to connect to also need <c>port &gt; 0</c>.
    /// </summary>
    public static bool TrySplit(string? address, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = address?.LastIndexOf(':') ?? -1;
        if (colon <= 0
            || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort)
        {
            return false;
        }
        host = address![..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return host.Trim().Length > 0;
    }

    /// <summary>Formats an endpoint the way the config writes it (<c>[::1]:80</c> for IPv6).</summary>
    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
