using System.Net;
using Modular.Plugins.Htx.Server;

namespace Modular.Plugins.Htx.Tests;

public sealed class RateLimitEndToEndTests
{
    [Fact]
    public async Task Exhausted_bucket_gets_the_decoy_while_another_24_is_unaffected()
    {
        await using var site = await HtxSite.StartAsync(new() { ["rateLimit"] = new { capacity = 2, refillPerSecond = 0.001 } });
        var announcement = await site.AnnouncementAsync();
        var first24 = IPAddress.Parse("127.0.1.1");
        var sameNetwork = IPAddress.Parse("127.0.1.2");
        var other24 = IPAddress.Parse("127.0.2.1");
        Task<RawResponse> Ticketed(IPAddress from) =>
            RawHttp.SendAsync(site.Front, "GET", $"/?bn1={HtxSite.Encode(HtxSite.Payload(announcement))}", from: from);

        Assert.Equal("upstream", (await Ticketed(first24)).Header("X-Origin"));
        Assert.Equal("upstream", (await Ticketed(sameNetwork)).Header("X-Origin"));
        site.Reasons.Clear();
        var limited = await Ticketed(first24);
        var twin = await RawHttp.SendAsync(site.Front, "GET", "/", from: first24);

        Assert.Equal("decoy", limited.Header("X-Origin"));
        Assert.Equal(RejectionReason.RateLimited, site.Reasons.First());
        Assert.Equal(twin.WithoutDate(), limited.WithoutDate());
        Assert.Equal("upstream", (await Ticketed(other24)).Header("X-Origin"));

        // A refill of 0.001 token/s needs 1000 s for the next token.
        site.Time.Advance(TimeSpan.FromSeconds(1000));
        Assert.Equal("upstream", (await Ticketed(first24)).Header("X-Origin"));
    }
}
