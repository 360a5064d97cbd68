using Modular.Plugins.Htx.Internal;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Tests;

public sealed class ProtocolTextTests
{
    [Fact]
    public void Carrier_policy_parses_the_default_and_formats_it_back()
    {
        Assert.True(CarrierPolicy.TryParse("cookie:0.5, query:0.3,body:0.2", out var policy, out _));

        Assert.Equal("cookie:0.5,query:0.3,body:0.2", policy.ToString());
        Assert.Equal(0.3, policy.WeightOf(CarrierKind.Query));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("cookie:1,header:1", "'header' is not a carrier")]
    [InlineData("cookie:1,cookie:2", "listed twice")]
    [InlineData("cookie", "needs a weight")]
    [InlineData("cookie:-1", "needs a weight")]
    [InlineData("cookie:0,query:0", "offers no carrier")]
    public void Carrier_policy_rejects_bad_text_saying_why(string text, string expected)
    {
        Assert.False(CarrierPolicy.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Carrier_draw_follows_the_weights_and_skips_what_the_request_cannot_use()
    {
        Assert.True(CarrierPolicy.TryParse("cookie:0.5,query:0.3,body:0.2", out var policy, out _));
        CarrierKind[] all = [CarrierKind.Cookie, CarrierKind.Query, CarrierKind.Body];

        Assert.Equal(CarrierKind.Cookie, policy.Draw(all, 0.0));
        Assert.Equal(CarrierKind.Cookie, policy.Draw(all, 0.49));
        Assert.Equal(CarrierKind.Query, policy.Draw(all, 0.5));
        Assert.Equal(CarrierKind.Body, policy.Draw(all, 0.85));
        Assert.Equal(CarrierKind.Query, policy.Draw([CarrierKind.Cookie, CarrierKind.Query], 0.9));
        Assert.True(CarrierPolicy.TryParse("body:1", out var bodyOnly, out _));
        Assert.Null(bodyOnly.Draw([CarrierKind.Cookie, CarrierKind.Query], 0.5));
    }

    [Theory]
    [InlineData("24..64", true, 24, 64)]
    [InlineData("0..0", true, 0, 0)]
    [InlineData("64..24", false, 0, 0)]
    [InlineData("24-64", false, 0, 0)]
    [InlineData("24..2000", false, 0, 0)]
    [InlineData("-1..3", false, 0, 0)]
    public void Padding_range_parses_min_dot_dot_max(string text, bool ok, int min, int max)
    {
        Assert.Equal(ok, PaddingRange.TryParse(text, out var range));
        Assert.Equal(ok ? new PaddingRange(min, max) : default, range);
    }

    [Fact]
    public void Announcement_round_trips_and_ignores_unknown_parameters()
    {
        Assert.True(CarrierPolicy.TryParse("cookie:0.5,query:0.5", out var policy, out _));
        var announcement = new TicketAnnouncement(policy, new PaddingRange(30, 40), Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), [0, 1, 2, 3, 4, 5, 6, 7], "shop");

        var header = announcement.Format();

        Assert.Equal("v1; carriers=cookie:0.5,query:0.5; len=30..40; pub=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA; kid=0001020304050607; site=shop", header);
        Assert.True(TicketAnnouncement.TryParse("v1; future=thing; " + header[4..].Replace("site=shop", "SITE=shop; extra=1"), out var parsed));
        Assert.Equal(announcement.PublicKey, parsed!.PublicKey);
        Assert.Equal(announcement.KeyId, parsed.KeyId);
        Assert.Equal("shop", parsed.SiteName);
        Assert.Equal(new PaddingRange(30, 40), parsed.Padding);
        Assert.Equal("cookie:0.5,query:0.5", parsed.Carriers.ToString());
    }

    [Theory]
    [InlineData("v2; carriers=cookie:1; len=24..64; pub=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA; kid=0001020304050607; site=bn")]
    [InlineData("v1; carriers=cookie:1; len=24..64; pub=AQID; kid=0001020304050607; site=bn")]
    [InlineData("v1; carriers=cookie:1; len=24..64; pub=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA; kid=00010203; site=bn")]
    [InlineData("v1; len=24..64; pub=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA; kid=0001020304050607; site=bn")]
    public void Announcement_rejects_other_versions_and_missing_or_bad_parameters(string header)
    {
        Assert.False(TicketAnnouncement.TryParse(header, out _));
    }

    [Theory]
    [InlineData("a=1&bn1=X&b=2", "a=1&b=2", "X")]
    [InlineData("bn1=X", "", "X")]
    [InlineData("bn%31=X%3D&c=%20", "c=%20", "X%3D")]
    [InlineData("a=1", "a=1", null)]
    public void Url_encoded_pairs_lose_only_the_named_pair_keeping_the_rest_byte_for_byte(string text, string rest, string? removed)
    {
        var values = new List<string>();

        Assert.Equal(rest, UrlEncodedPairs.Remove(text, "bn1", values));
        Assert.Equal(removed is null ? [] : [removed], values);
    }
}
