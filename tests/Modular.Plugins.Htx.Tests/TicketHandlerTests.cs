using System.Net;
using System.Net.Security;
using System.Text;
using Modular.Plugins.Htx.Client;
using Modular.Plugins.Htx.Protocol;
using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

public sealed class TicketHandlerTests(HtxSiteFixture fixture) : IClassFixture<HtxSiteFixture>
{
    private HtxSite Site => fixture.Site;

    private HttpClient Client(CarrierKind? carrier = null) =>
        new(new HtxTicketHandler(new SocketsHttpHandler { UseCookies = false }, Site.Time) { Carrier = carrier });

    [Theory]
    [InlineData(CarrierKind.Cookie)]
    [InlineData(CarrierKind.Query)]
    [InlineData(CarrierKind.Body)]
    public async Task Each_carrier_reaches_the_upstream_with_a_fresh_ticket_per_request(CarrierKind carrier)
    {
        using var client = Client(carrier);
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(carrier == CarrierKind.Body ? HttpMethod.Post : HttpMethod.Get, $"http://{Site.Front}/data?page={i}");
            if (carrier == CarrierKind.Body)
            {
                request.Content = new FormUrlEncodedContent([new("name", "value")]);
            }
            request.Headers.Add("Cookie", "session=s1");

            using var response = await client.SendAsync(request);

            Assert.Equal("upstream", response.Headers.GetValues("X-Origin").Single());
            var echo = EchoOrigin.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal($"?page={i}", echo.GetProperty("query").GetString());
            Assert.Equal("session=s1", echo.GetProperty("cookie").GetString());
            Assert.Equal(carrier == CarrierKind.Body ? "name=value" : "", echo.GetProperty("body").GetString());
        }
    }

    [Fact]
    public async Task Carriers_follow_the_site_policy_and_all_get_through()
    {
        using var client = Client();
        var before = Site.Upstream.Hits;
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync($"http://{Site.Front}/p", new StringContent("k=v", Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.False(HtxTicketHandler.IsDecoy(response));
        }
        Assert.Equal(before + 12, Site.Upstream.Hits);
    }

    [Fact]
    public async Task A_get_cannot_be_forced_to_carry_its_ticket_in_the_body()
    {
        using var client = Client(CarrierKind.Body);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync($"http://{Site.Front}/"));
    }

    [Fact]
    public async Task Over_tls_the_host_prefixed_cookie_reaches_the_upstream()
    {
        var directory = TestHost.CreateTempDirectory();
        using var certificate = TestCertificates.CreateSelfSigned("localhost");
        var (cert, key) = TestCertificates.WritePem(certificate, directory);
        await using var site = await HtxSite.StartAsync(new() { ["tls"] = new { certificate = cert, key } }, directory);
        var transport = new SocketsHttpHandler { UseCookies = false };
        transport.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            errors == SslPolicyErrors.None || presented?.GetCertHashString() == certificate.GetCertHashString();
        using var client = new HttpClient(new HtxTicketHandler(transport, site.Time) { Carrier = CarrierKind.Cookie });

        using var response = await client.GetAsync($"https://localhost:{site.Front.Port}/secure");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upstream", response.Headers.GetValues("X-Origin").Single());
        Assert.Equal("", EchoOrigin.Parse(await response.Content.ReadAsStringAsync()).GetProperty("cookie").GetString());
    }
}
