using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Modular.Plugins.Kem.Client;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Testing;
using static Modular.Plugins.Kem.Tests.KemTestKit;

namespace Modular.Plugins.Kem.Tests;

public sealed class LaunchTests
{
    private static ScriptLauncher Launcher(LineLog log, ClientOptions? options = null) =>
        new(MlKem, MlDsa, options ?? new ClientOptions(), log, TimeProvider.System, NullLogger.Instance);

    private static async Task<(string Ticket, string Scrambler)> TicketAsync(TestHost broker, string script, object? tunnel = null, object? parameters = null)
    {
        var created = await CreateTicketAsync(broker, script, tunnel, parameters);
        return (created.GetProperty("ticket").GetString()!, created.GetProperty("scrambler").GetString()!);
    }

    [Fact]
    public async Task Launch_runs_a_signed_script_whose_tunnel_echoes_bytes_then_both_tickets_are_gone()
    {
        var (scripts, key) = CreateScripts(("tunnel", """
            const port = tunnel.start(1);
            log.info('port=' + port + ' for ' + params.user);
            wait();
            log.info('done');
            """));
        await using var broker = await StartBrokerAsync(scripts);
        await using var tunnelServer = await StartTunnelAsync(BrokerUri(broker).ToString());
        var echo = StartEcho();
        var (ticket, scrambler) = await TicketAsync(broker, "tunnel", TunnelTo(tunnelServer.Listeners.Get("kem", "tunnel"), echo.EndPoint), new { user = "ada" });
        var log = new LineLog();

        var launching = Launcher(log).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None);
        var line = await log.WaitForAsync("[script] info: port=");
        Assert.EndsWith(" for ada", line);
        var port = int.Parse(line["[script] info: port=".Length..line.IndexOf(' ', "[script] info: port=".Length)]);
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        using (var local = new TcpClient())
        {
            await local.ConnectAsync(IPAddress.Loopback, port);
            var stream = local.GetStream();
            var reading = ReadToEndAsync(stream);
            await stream.WriteAsync(payload);
            local.Client.Shutdown(SocketShutdown.Send);
            Assert.Equal(payload, await reading);
        }
        await launching.WaitAsync(WaitLimit);

        Assert.Contains("[script] info: done", log.Lines);
        Assert.DoesNotContain(await StateKeysAsync(broker), k => k.StartsWith("ticket:", StringComparison.Ordinal) || k.StartsWith("tunnel:", StringComparison.Ordinal));
        await WaitUntilAsync(async () => (await StateKeysAsync(broker)).Count == 0);
        var reused = await Assert.ThrowsAsync<LaunchException>(() => Launcher(new LineLog()).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None));
        Assert.Contains("404", reused.Message);
        echo.Listener.Stop();
    }

    [Fact]
    public async Task A_local_connection_that_closes_without_data_leaves_the_other_channels_working()
    {
        var (scripts, key) = CreateScripts(("two", """
            log.info('ports=' + tunnel.start(1) + ',' + tunnel.start(2));
            wait();
            """));
        await using var broker = await StartBrokerAsync(scripts);
        await using var tunnelServer = await StartTunnelAsync(BrokerUri(broker).ToString());
        var echo = StartEcho();
        var (ticket, scrambler) = await TicketAsync(broker, "two", TunnelTo(tunnelServer.Listeners.Get("kem", "tunnel"), echo.EndPoint, echo.EndPoint), new { });
        var log = new LineLog();

        var launching = Launcher(log).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None);
        var ports = (await log.WaitForAsync("[script] info: ports="))["[script] info: ports=".Length..].Split(',').Select(int.Parse).ToArray();
        using (var probe = new TcpClient())
        {
            // A port probe: connects and closes without a byte.
            await probe.ConnectAsync(IPAddress.Loopback, ports[0]);
        }
        await Task.Delay(200);
        using (var local = new TcpClient())
        {
            await local.ConnectAsync(IPAddress.Loopback, ports[1]);
            var stream = local.GetStream();
            var reading = ReadToEndAsync(stream);
            await stream.WriteAsync("still here"u8.ToArray());
            local.Client.Shutdown(SocketShutdown.Send);
            Assert.Equal("still here"u8.ToArray(), await reading.WaitAsync(WaitLimit));
        }
        await launching.WaitAsync(WaitLimit);
        echo.Listener.Stop();
    }

    [Fact]
    public async Task A_script_signed_with_another_key_is_refused_and_not_run()
    {
        var (scripts, _) = CreateScripts(("hello", "log.info('ran');"));
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, scrambler) = await TicketAsync(broker, "hello");
        var log = new LineLog();

        var error = await Assert.ThrowsAsync<LaunchException>(() =>
            Launcher(log).LaunchAsync(BrokerUri(broker), ticket, scrambler, MlDsa.GenerateKeyPair().PublicKey, CancellationToken.None));

        Assert.Equal(LaunchException.SignatureRejected, error.ExitCode);
        Assert.Contains("Nothing was run", error.Message);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task A_tampered_script_is_refused_and_not_run()
    {
        var (scripts, key) = CreateScripts(("hello", "log.info('ran');"));
        await File.WriteAllTextAsync(Path.Combine(scripts, "hello.js"), "log.info('tampered');");
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, scrambler) = await TicketAsync(broker, "hello");
        var log = new LineLog();

        var error = await Assert.ThrowsAsync<LaunchException>(() => Launcher(log).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None));

        Assert.Equal(LaunchException.SignatureRejected, error.ExitCode);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_and_not_run()
    {
        var (scripts, key) = CreateScripts(("hello", "log.info('ran');"), ("other", "log.info('other');"));
        File.Copy(Path.Combine(scripts, "other.js.mldsa65.sig"), Path.Combine(scripts, "hello.js.mldsa65.sig"), overwrite: true);
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, scrambler) = await TicketAsync(broker, "hello");
        var log = new LineLog();

        var error = await Assert.ThrowsAsync<LaunchException>(() => Launcher(log).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None));

        Assert.Equal(LaunchException.SignatureRejected, error.ExitCode);
        Assert.Empty(log.Lines);
    }

    [Theory]
    [InlineData("process.launch('/bin/true', []);", "client.allowLaunch")]
    [InlineData("while (true) {}", "ms")]
    [InlineData("function f() { return f() + 1; } f();", "")]
    [InlineData("const a = []; while (true) { a.push('x'.repeat(100000)); }", "")]
    [InlineData("tunnel.start(1);", "no tunnel")]
    [InlineData("this.undefinedFunction();", "")]
    public async Task A_script_that_breaks_a_limit_or_asks_for_too_much_fails_clearly(string source, string expected)
    {
        var (scripts, key) = CreateScripts(("bad", source));
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, scrambler) = await TicketAsync(broker, "bad");
        var options = new ClientOptions { ScriptTimeoutMs = 500, ScriptMemoryBytes = 16 * 1024 * 1024, ScriptMaxStatements = 10_000_000 };

        var error = await Assert.ThrowsAsync<LaunchException>(() =>
            Launcher(new LineLog(), options).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None).WaitAsync(WaitLimit));

        Assert.Equal(LaunchException.ScriptFailed, error.ExitCode);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Process_launch_runs_a_program_when_allowed_and_wait_returns_after_it_exits()
    {
        var marker = Path.Combine(TestHost.CreateTempDirectory(), "ran");
        var (scripts, key) = CreateScripts(("launch", $"process.launch('/bin/sh', ['-c', 'sleep 0.2; touch {marker}']); wait(); log.info('after');"));
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, scrambler) = await TicketAsync(broker, "launch");
        var log = new LineLog();

        await Launcher(log, new ClientOptions { AllowLaunch = true }).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None).WaitAsync(WaitLimit);

        Assert.True(File.Exists(marker));
        Assert.Contains("[script] info: after", log.Lines);
    }

    [Theory]
    [InlineData("process.launch('/nonexistent/program', []);", "/nonexistent/program")]
    [InlineData("wait(); tunnel.start(1);", "tunnel.start after wait()")]
    public async Task A_script_that_launches_nothing_or_restarts_a_closed_tunnel_fails_clearly(string source, string expected)
    {
        var (scripts, key) = CreateScripts(("bad", source));
        await using var broker = await StartBrokerAsync(scripts);
        await using var tunnelServer = await StartTunnelAsync(BrokerUri(broker).ToString());
        var echo = StartEcho();
        var (ticket, scrambler) = await TicketAsync(broker, "bad", TunnelTo(tunnelServer.Listeners.Get("kem", "tunnel"), echo.EndPoint), new { });

        var error = await Assert.ThrowsAsync<LaunchException>(() =>
            Launcher(new LineLog(), new ClientOptions { AllowLaunch = true }).LaunchAsync(BrokerUri(broker), ticket, scrambler, key.PublicKey, CancellationToken.None).WaitAsync(WaitLimit));

        Assert.Equal(LaunchException.ScriptFailed, error.ExitCode);
        Assert.Contains(expected, error.Message);
        echo.Listener.Stop();
    }

    [Fact]
    public async Task A_broker_refusal_or_an_unreachable_broker_is_reported()
    {
        var (scripts, key) = CreateScripts(("hello", "1;"));
        await using var broker = await StartBrokerAsync(scripts);
        var (ticket, _) = await TicketAsync(broker, "hello");

        var refused = await Assert.ThrowsAsync<LaunchException>(() => Launcher(new LineLog()).LaunchAsync(BrokerUri(broker), ticket, "wrong", key.PublicKey, CancellationToken.None));
        Assert.Contains("Invalid scrambler", refused.Message);

        var closedPort = new TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        var port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        var unreachable = await Assert.ThrowsAsync<LaunchException>(() =>
            Launcher(new LineLog()).LaunchAsync(new Uri($"http://127.0.0.1:{port}/kem"), ticket, "x", key.PublicKey, CancellationToken.None));
        Assert.Equal(LaunchException.TicketFailed, unreachable.ExitCode);
        Assert.Contains("unreachable", unreachable.Message);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        while (!await condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
