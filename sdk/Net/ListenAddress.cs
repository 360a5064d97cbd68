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
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            return false;
        }
        var host = address[..colon];
        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            return false;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
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

    /// <summary>Formats an endpoint the way the config writes it (<c>[::1]:80</c> for IPv6).</summary>
    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
