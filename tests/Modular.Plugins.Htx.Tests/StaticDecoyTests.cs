using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

public sealed class StaticDecoyTests
{
    [Fact]
    public async Task Folder_decoy_serves_files_and_errors_identically_with_or_without_a_bad_ticket()
    {
        var directory = TestHost.CreateTempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(directory, "site")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<h1>Welcome to the bakery</h1>");
        await using var site = await HtxSite.StartAsync(new() { ["decoy"] = "site" }, directory);
        var announcement = await site.AnnouncementAsync();
        var badTicket = HtxSite.Encode(HtxSite.Payload(announcement, hourOffset: 5));

        foreach (var (method, target, body) in new[] { ("GET", "/", (string?)null), ("HEAD", "/index.html", null), ("GET", "/missing", null), ("POST", "/", "") })
        {
            var headers = method == "POST" ? new[] { ("Content-Type", "application/x-www-form-urlencoded") } : [];
            var plain = await RawHttp.SendAsync(site.Front, method, target, headers, body);
            var ticketed = method == "POST"
                ? await RawHttp.SendAsync(site.Front, method, target, headers, $"bn1={badTicket}")
                : await RawHttp.SendAsync(site.Front, method, target, [.. headers, ("Cookie", $"bn={badTicket}")], body);

            Assert.Equal(plain.WithoutDate(), ticketed.WithoutDate());
            Assert.NotNull(ticketed.Header("BN-Ticket"));
            Assert.Equal(target switch { "/missing" => 404, _ when method == "POST" => 405, _ => 200 }, ticketed.Status);
        }
        var page = await RawHttp.SendAsync(site.Front, "GET", "/");
        Assert.Equal("<h1>Welcome to the bakery</h1>", page.Body);
        Assert.NotNull(page.Header("ETag"));
        Assert.Equal(0, site.Upstream.Hits);
    }
}
