using System.Net;
using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tests.Tickets;

public sealed class T3pNetPinTests
{
    [Theory]
    [InlineData("inet", "10.1.0.0", 16, "10.1.255.7", true)]
    [InlineData("inet", "10.1.0.0", 16, "10.2.0.1", false)]
    [InlineData("inet", "192.168.1.129", 25, "192.168.1.200", true)]
    [InlineData("inet", "192.168.1.129", 25, "192.168.1.100", false)]
    [InlineData("inet", "127.0.0.0", 8, "::ffff:127.0.0.1", true)]
    [InlineData("inet6", "2001:db8::", 32, "2001:db8:1::1", true)]
    [InlineData("inet6", "2001:db8::", 32, "2001:db9::1", false)]
    [InlineData("inet6", "2001:db8::", 32, "10.0.0.1", false)]
    [InlineData("inet", "0.0.0.0", 0, "203.0.113.9", true)]
    public void A_pin_matches_addresses_in_its_prefix(string af, string addr, int prefixLen, string address, bool matches) =>
        Assert.Equal(matches, new T3pNetPin { Af = af, Addr = addr, PrefixLen = prefixLen }.Matches(IPAddress.Parse(address)));

    [Theory]
    [InlineData("inet", "10.0.0.0", 33)]
    [InlineData("inet", "2001:db8::", 16)]
    [InlineData("ipx", "10.0.0.0", 8)]
    [InlineData("inet6", "not an address", 8)]
    public void A_malformed_pin_is_reported_and_matches_nothing(string af, string addr, int prefixLen)
    {
        var pin = new T3pNetPin { Af = af, Addr = addr, PrefixLen = prefixLen };

        Assert.NotNull(pin.Problem());
        Assert.False(pin.Matches(IPAddress.Loopback));
    }
}
