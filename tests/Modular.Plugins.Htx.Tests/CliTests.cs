using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Modular.Testing;

namespace Modular.Plugins.Htx.Tests;

/// <summary><c>modular htx get</c> as users run it: the real executable in a child process, against a real site.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Get_prints_the_upstream_page_and_exits_0_or_exits_3_on_the_decoy()
    {
        // The child process uses the real clock, so the site does too (to the hour).
        await using var site = await HtxSite.StartAsync(new() { ["carriers"] = "query:1,body:1" }, time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        var config = Path.Combine(site.Host.Directory, "cli.json");
        await File.WriteAllTextAsync(config, $$"""{ "plugins": [ { "id": "htx", "path": "{{Path.Combine(RepoPaths.Plugins, "htx")}}" } ] }""");

        var (query, queryOut, _) = await RunAsync("htx", "get", $"http://{site.Front}/cli?x=1", "--config", config);
        var (body, bodyOut, _) = await RunAsync("htx", "get", $"http://{site.Front}/form", "--data", "a=1", "--carrier", "body", "--config", config);
        var (decoy, _, decoyErr) = await RunAsync("htx", "get", $"http://{site.Front}/", "--carrier", "cookie", "--config", config);

        Assert.Equal(0, query);
        Assert.Equal("?x=1", EchoOrigin.Parse(queryOut).GetProperty("query").GetString());
        Assert.Equal(0, body);
        Assert.Equal("a=1", EchoOrigin.Parse(bodyOut).GetProperty("body").GetString());
        Assert.Equal(3, decoy);
        Assert.Contains("decoy", decoyErr);
        Assert.Equal(2, site.Upstream.Hits);
    }

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modular.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
