using System.Net;
using Modular.Plugins.Proxy.Protocol;

namespace Modular.Plugins.Proxy.Tests.Protocol;

public sealed class ProxyProtocolV2Tests
{
    private const string Signature = "0D0A0D0A000D0A515549540A";

    private static string Write(EndPoint? source, EndPoint? destination)
    {
        var header = new byte[ProxyProtocolV2.MaxLength];
        var length = ProxyProtocolV2.Write(header, source, destination);
        return Convert.ToHexString(header, 0, length);
    }

    [Fact]
    public void Writes_tcp_over_ipv4_addresses_and_ports()
    {
        var header = Write(IPEndPoint.Parse("192.0.2.1:56324"), IPEndPoint.Parse("198.51.100.7:443"));
        // version 2 PROXY, TCP over IPv4, 12 bytes: source, destination, source port, destination port.
        Assert.Equal(Signature + "21" + "11" + "000C" + "C0000201" + "C6336407" + "DC04" + "01BB", header);
    }

    [Fact]
    public void Writes_tcp_over_ipv6_and_unmaps_ipv4_mapped_addresses()
    {
        Assert.Equal(Signature + "2121" + "0024" + "20010DB8000000000000000000000001" + "20010DB8000000000000000000000002" + "0050" + "0051",
            Write(IPEndPoint.Parse("[2001:db8::1]:80"), IPEndPoint.Parse("[2001:db8::2]:81")));
        Assert.Equal(Signature + "2111000C" + "7F000001" + "7F000002" + "0001" + "0002",
            Write(IPEndPoint.Parse("[::ffff:127.0.0.1]:1"), IPEndPoint.Parse("[::ffff:127.0.0.2]:2")));
    }

    [Fact]
    public void Writes_a_local_header_when_the_addresses_are_not_one_ip_family()
    {
        Assert.Equal(Signature + "20000000", Write(IPEndPoint.Parse("192.0.2.1:1"), IPEndPoint.Parse("[2001:db8::2]:2")));
        Assert.Equal(Signature + "20000000", Write(new DnsEndPoint("example.org", 80), null));
    }
}
