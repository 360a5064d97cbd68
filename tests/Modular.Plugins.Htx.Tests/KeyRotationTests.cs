using System.Net;
using Modular.Plugins.Htx.Client;
using Modular.Plugins.Htx.Protocol;
using Modular.Plugins.Htx.Server;
using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

public sealed class KeyRotationTests
{
    [Fact]
    public async Task After_rotation_the_new_key_is_published_and_tickets_for_the_previous_key_still_work()
    {
        var directory = TestHost.CreateTempDirectory();
        var oldKey = new TicketKey(TicketKeyFile.ReadOrCreate(Path.Combine(directory, "old.key"), "test"));
        var renamed = new TicketKey(TicketKeyFile.ReadOrCreate(Path.Combine(directory, "renamed.key"), "test"), Convert.FromHexString("a1a2a3a4a5a6a7a8"));
        await using var site = await HtxSite.StartAsync(new()
        {
            ["keyFile"] = "new.key",
            ["previousKeys"] = new object[] { new { keyFile = "old.key" }, new { keyFile = "renamed.key", keyId = "a1a2a3a4a5a6a7a8" } },
        }, directory);

        var current = await site.AnnouncementAsync();
        Assert.NotEqual(oldKey.PublicKey, current.PublicKey);
        Assert.Equal(new TicketKey(TicketKeyFile.Read(Path.Combine(directory, "new.key"), "test")).PublicKey, current.PublicKey);
        foreach (var key in new[] { oldKey, renamed })
        {
            var previous = current with { PublicKey = key.PublicKey, KeyId = key.KeyId };
            var response = await RawHttp.SendAsync(site.Front, "GET", $"/?bn1={HtxSite.Encode(HtxSite.Payload(previous))}");
            Assert.Equal("upstream", response.Header("X-Origin"));
        }
        var unknown = current with { PublicKey = oldKey.PublicKey, KeyId = Convert.FromHexString("a1a2a3a4a5a6a7a9") };
        Assert.Equal("decoy", (await RawHttp.SendAsync(site.Front, "GET", $"/?bn1={HtxSite.Encode(HtxSite.Payload(unknown))}")).Header("X-Origin"));
    }

    [Fact]
    public async Task Handler_that_knows_a_retired_key_learns_the_new_one_after_the_decoy_and_retries_once()
    {
        // Two sites, each with a key of its own in its own data directory, one after the other on the same port.
        IPEndPoint front;
        var handler = new HtxTicketHandler(new SocketsHttpHandler(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(HtxSite.Now));
        using var client = new HttpClient(handler);
        await using (var before = await HtxSite.StartAsync())
        {
            front = before.Front;
            using var first = await client.GetAsync($"http://{front}/one");
            Assert.Equal("upstream", first.Headers.GetValues("X-Origin").Single());
        }
        await using var after = await HtxSite.StartAsync(new() { ["listen"] = front.ToString() });
        after.Reasons.Clear();

        using var second = await client.GetAsync($"http://{front}/two");

        Assert.Equal("upstream", second.Headers.GetValues("X-Origin").Single());
        Assert.False(HtxTicketHandler.IsDecoy(second));
        Assert.Contains(RejectionReason.UnknownKey, after.Reasons);
        Assert.Equal(1, after.Upstream.Hits);
    }
}
