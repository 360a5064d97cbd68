using Modular.Plugins.Htx.Server;

namespace Modular.Plugins.Htx.Tests;

/// <summary>End to end over real sockets: each carrier reaches the upstream without its carrier; everything else gets the decoy.</summary>
public sealed class FrontDoorTests(HtxSiteFixture fixture) : IClassFixture<HtxSiteFixture>
{
    private HtxSite Site => fixture.Site;

    [Fact]
    public async Task Unticketed_request_gets_the_decoy_with_the_bn_ticket_header()
    {
        var upstreamHits = Site.Upstream.Hits;

        var response = await RawHttp.SendAsync(Site.Front, "GET", "/index.html?a=1");

        Assert.Equal(200, response.Status);
        Assert.Equal("decoy", response.Header("X-Origin"));
        var announcement = await Site.AnnouncementAsync();
        Assert.Equal("cookie:0.5,query:0.3,body:0.2", announcement.Carriers.ToString());
        Assert.Equal("24..64", announcement.Padding.ToString());
        Assert.Equal("bn", announcement.SiteName);
        Assert.Equal(upstreamHits, Site.Upstream.Hits);
    }

    [Fact]
    public async Task Query_carrier_reaches_the_upstream_without_the_parameter()
    {
        var ticket = HtxSite.Encode(HtxSite.Payload(await Site.AnnouncementAsync()));

        var response = await RawHttp.SendAsync(Site.Front, "GET", $"/app/page?x=1&bn1={ticket}&y=%20");

        Assert.Equal("upstream", response.Header("X-Origin"));
        Assert.Null(response.Header("BN-Ticket"));
        var echo = EchoOrigin.Parse(response.Body);
        Assert.Equal("/app/page", echo.GetProperty("path").GetString());
        Assert.Equal("?x=1&y=%20", echo.GetProperty("query").GetString());
        Assert.Equal("127.0.0.1", echo.GetProperty("forwardedFor").GetString());
    }

    [Fact]
    public async Task Cookie_carrier_reaches_the_upstream_without_the_cookie()
    {
        var ticket = HtxSite.Encode(HtxSite.Payload(await Site.AnnouncementAsync()));

        var response = await RawHttp.SendAsync(Site.Front, "GET", "/account", [("Cookie", $"theme=dark; bn={ticket}; lang=en")]);

        Assert.Equal("upstream", response.Header("X-Origin"));
        var echo = EchoOrigin.Parse(response.Body);
        Assert.Equal("theme=dark; lang=en", echo.GetProperty("cookie").GetString());
        Assert.Equal("", echo.GetProperty("query").GetString() ?? "");
    }

    [Fact]
    public async Task Host_prefixed_cookie_and_padded_base64_are_accepted()
    {
        var ticket = Convert.ToBase64String(HtxSite.Payload(await Site.AnnouncementAsync(), padding: 25)).Replace('+', '-').Replace('/', '_');
        Assert.EndsWith("=", ticket);

        var response = await RawHttp.SendAsync(Site.Front, "GET", "/", [("Cookie", $"__Host-bn={ticket}")]);

        Assert.Equal("upstream", response.Header("X-Origin"));
        Assert.Equal("", EchoOrigin.Parse(response.Body).GetProperty("cookie").GetString());
    }

    [Fact]
    public async Task Body_carrier_reaches_the_upstream_without_the_form_field()
    {
        var ticket = HtxSite.Encode(HtxSite.Payload(await Site.AnnouncementAsync()));

        var response = await RawHttp.SendAsync(Site.Front, "POST", "/submit", [("Content-Type", "application/x-www-form-urlencoded")],
            $"name=J%C3%BCrgen&bn1={ticket}&note=a+b");

        Assert.Equal("upstream", response.Header("X-Origin"));
        var echo = EchoOrigin.Parse(response.Body);
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("name=J%C3%BCrgen&note=a+b", echo.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Form_over_max_form_bytes_is_not_searched_and_reaches_the_decoy_whole()
    {
        var ticket = HtxSite.Encode(HtxSite.Payload(await Site.AnnouncementAsync()));
        var body = $"bn1={ticket}&filler={new string('x', 70000)}";
        Site.Reasons.Clear();

        var response = await RawHttp.SendAsync(Site.Front, "POST", "/big", [("Content-Type", "application/x-www-form-urlencoded")], body);

        Assert.Equal("decoy", response.Header("X-Origin"));
        Assert.Equal(body, EchoOrigin.Parse(response.Body).GetProperty("body").GetString());
        Assert.Equal([RejectionReason.FormTooLarge], Site.Reasons.ToArray());
    }

    public static TheoryData<string> BadInputs() =>
    [
        "bad-base64", "too-short", "too-long", "wrong-version", "unknown-key", "wrong-ticket", "hour-plus-two", "hour-minus-two",
        "padding-23", "padding-65", "two-carriers", "cookie-among-others", "replay", "body-with-wrong-content-type", "over-max-carrier-bytes",
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_the_decoy_byte_identical_but_for_date_to_the_request_without_a_carrier(string input)
    {
        var site = await Site.AnnouncementAsync();
        string Valid() => HtxSite.Encode(HtxSite.Payload(site));
        string Mutated(Action<byte[]> change)
        {
            var payload = HtxSite.Payload(site);
            change(payload);
            return HtxSite.Encode(payload);
        }

        // The request with the carrier, the same request without it, and the reason the server must count.
        (string Method, string Target, (string, string)[] Headers, string? Body) bad, clean;
        var plainGet = ("GET", "/shop?item=7", Array.Empty<(string, string)>(), (string?)null);
        clean = plainGet;
        string reason;
        switch (input)
        {
            case "bad-base64":
                bad = ("GET", "/shop?item=7&bn1=not*base64!", [], null);
                reason = RejectionReason.BadEncoding;
                break;
            case "too-short":
                bad = ("GET", $"/shop?item=7&bn1={HtxSite.Encode(HtxSite.Payload(site)[..60])}", [], null);
                reason = RejectionReason.Truncated;
                break;
            case "too-long":
                bad = ("GET", $"/shop?item=7&bn1={HtxSite.Encode(HtxSite.Payload(site, padding: 300))}", [], null);
                reason = RejectionReason.BadPadding;
                break;
            case "wrong-version":
                bad = ("GET", $"/shop?item=7&bn1={Mutated(p => p[0] = 2)}", [], null);
                reason = RejectionReason.WrongVersion;
                break;
            case "unknown-key":
                bad = ("GET", $"/shop?item=7&bn1={HtxSite.Encode(HtxSite.Payload(site, keyId: [9, 9, 9, 9, 9, 9, 9, 9]))}", [], null);
                reason = RejectionReason.UnknownKey;
                break;
            case "wrong-ticket":
                bad = ("GET", $"/shop?item=7&bn1={Mutated(p => p[80] ^= 1)}", [], null);
                reason = RejectionReason.WrongTicket;
                break;
            case "hour-plus-two":
                bad = ("GET", $"/shop?item=7&bn1={HtxSite.Encode(HtxSite.Payload(site, hourOffset: 2))}", [], null);
                reason = RejectionReason.WrongTicket;
                break;
            case "hour-minus-two":
                bad = ("GET", $"/shop?item=7&bn1={HtxSite.Encode(HtxSite.Payload(site, hourOffset: -2))}", [], null);
                reason = RejectionReason.WrongTicket;
                break;
            case "padding-23":
                bad = ("GET", "/shop?item=7", [("Cookie", $"bn={HtxSite.Encode(HtxSite.Payload(site, padding: 23))}")], null);
                reason = RejectionReason.BadPadding;
                break;
            case "padding-65":
                bad = ("GET", "/shop?item=7", [("Cookie", $"bn={HtxSite.Encode(HtxSite.Payload(site, padding: 65))}")], null);
                reason = RejectionReason.BadPadding;
                break;
            case "two-carriers":
                bad = ("GET", $"/shop?item=7&bn1={Valid()}", [("Cookie", $"a=1; bn={Valid()}")], null);
                clean = ("GET", "/shop?item=7", [("Cookie", "a=1")], null);
                reason = RejectionReason.MultipleCarriers;
                break;
            case "cookie-among-others":
                // The other cookies must reach the decoy byte for byte, spacing and separators included.
                bad = ("GET", "/shop?item=7", [("Cookie", $"a=1;bn={Mutated(p => p[80] ^= 1)};  b=2"), ("Cookie", "c=3")], null);
                clean = ("GET", "/shop?item=7", [("Cookie", "a=1;  b=2"), ("Cookie", "c=3")], null);
                reason = RejectionReason.WrongTicket;
                break;
            case "replay":
                var ticket = Valid();
                var first = await RawHttp.SendAsync(Site.Front, "GET", $"/shop?item=7&bn1={ticket}");
                Assert.Equal("upstream", first.Header("X-Origin"));
                bad = ("GET", $"/shop?item=7&bn1={ticket}", [], null);
                reason = RejectionReason.Replay;
                break;
            case "body-with-wrong-content-type":
                var notCarried = Valid();
                bad = ("POST", "/shop", [("Content-Type", "text/plain")], $"bn1={notCarried}");
                clean = ("POST", "/shop", [("Content-Type", "text/plain")], $"bn1={notCarried}");
                reason = RejectionReason.NoCarrier;
                break;
            case "over-max-carrier-bytes":
                bad = ("POST", "/shop", [("Content-Type", "application/x-www-form-urlencoded")], $"q=1&bn1={Valid()}{new string('A', 4096)}");
                clean = ("POST", "/shop", [("Content-Type", "application/x-www-form-urlencoded")], "q=1");
                reason = RejectionReason.CarrierTooLarge;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input));
        }
        var upstreamHits = Site.Upstream.Hits;
        Site.Reasons.Clear();

        var withCarrier = await RawHttp.SendAsync(Site.Front, bad.Method, bad.Target, bad.Headers, bad.Body);
        var reasons = Site.Reasons.ToArray();
        var without = await RawHttp.SendAsync(Site.Front, clean.Method, clean.Target, clean.Headers, clean.Body);

        Assert.True("decoy" == withCarrier.Header("X-Origin"), System.Text.Encoding.Latin1.GetString(withCarrier.Bytes));
        Assert.NotNull(withCarrier.Header("BN-Ticket"));
        Assert.Equal(upstreamHits, Site.Upstream.Hits);
        Assert.Equal([reason], reasons);
        if (input == "body-with-wrong-content-type")
        {
            // Not a carrier, so the decoy sees the body as it is: the request is its own carrier-free twin.
            Assert.Equal(bad.Body, EchoOrigin.Parse(withCarrier.Body).GetProperty("body").GetString());
        }
        Assert.Equal(System.Text.Encoding.Latin1.GetString(without.WithoutDate()), System.Text.Encoding.Latin1.GetString(withCarrier.WithoutDate()));
    }
}
