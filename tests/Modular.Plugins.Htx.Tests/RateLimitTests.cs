using System.Net;
using Microsoft.Extensions.Time.Testing;
using Modular.Plugins.Htx.Server;

namespace Modular.Plugins.Htx.Tests;

public sealed class RateLimitTests
{
    [Theory]
    [InlineData("192.0.2.77", "192.0.2.0/24")]
    [InlineData("::ffff:192.0.2.77", "192.0.2.0/24")]
    [InlineData("2001:db8:aa:bbcc:1:2:3:4", "2001:db8:aa:bb00::/56")]
    [InlineData("::1", "::/56")]
    public void Client_prefix_is_the_ipv4_24_or_the_ipv6_56(string address, string prefix)
    {
        Assert.Equal(prefix, ClientPrefix.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void Ipv6_clients_in_one_56_share_a_bucket_and_another_56_has_its_own()
    {
        var time = new FakeTimeProvider();
        var limiter = new PrefixRateLimiter(capacity: 2, refillPerSecond: 1, time);
        var first = ClientPrefix.Of(IPAddress.Parse("2001:db8:0:1200::1"));
        var sameNetwork = ClientPrefix.Of(IPAddress.Parse("2001:db8:0:12ff:ffff::9"));
        var otherNetwork = ClientPrefix.Of(IPAddress.Parse("2001:db8:0:1300::1"));

        Assert.True(limiter.TryTake(first));
        Assert.True(limiter.TryTake(sameNetwork));
        Assert.False(limiter.TryTake(first));
        Assert.False(limiter.TryTake(sameNetwork));
        Assert.True(limiter.TryTake(otherNetwork));
    }

    [Fact]
    public void Bucket_refills_at_the_configured_rate_up_to_its_capacity()
    {
        var time = new FakeTimeProvider();
        var limiter = new PrefixRateLimiter(capacity: 3, refillPerSecond: 2, time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryTake("p"));
        }
        Assert.False(limiter.TryTake("p"));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryTake("p"));
        Assert.False(limiter.TryTake("p"));

        time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryTake("p"));
        }
        Assert.False(limiter.TryTake("p"));
    }

    [Fact]
    public void Buckets_idle_long_enough_to_be_full_are_dropped_so_memory_follows_active_prefixes()
    {
        var time = new FakeTimeProvider();
        var limiter = new PrefixRateLimiter(capacity: 2, refillPerSecond: 1, time);
        for (var i = 0; i < 1023; i++)
        {
            limiter.TryTake($"10.{i / 256}.{i % 256}.0/24");
        }
        Assert.Equal(1023, limiter.BucketCount);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(limiter.TryTake("192.0.2.0/24"));

        Assert.Equal(1, limiter.BucketCount);
    }
}
