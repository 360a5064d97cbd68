using System.Text.Json;
using Modular.Host.Cli;
using Modular.Plugins.T3p.Cli;
using Modular.Plugins.T3p.Tests.Support;
using Modular.Sdk.Noise;

namespace Modular.Plugins.T3p.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The command line, run in process as <c>modular ...</c>: keys, user management, login, ticket, logout.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests
{
    [Fact]
    public async Task Keys_user_add_login_ticket_and_logout_work_against_a_running_T3P()
    {
        await using var bed = await T3pTestBed.StartAsync([]);
        var home = Path.Combine(bed.T3pDataDirectory, "..", "cli-home");
        var config = Path.Combine(bed.T3pDataDirectory, "..", "cli.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            dataDir = bed.T3pDataDirectory,
            plugins = new[] { new { id = "t3p", config = new { domains = new[] { T3pTestBed.Domain }, argon2MemoryKiB = 1024 } } },
        }));
        var t3pKeyHex = Convert.ToHexStringLower(bed.T3pNoiseKey.Span);
        var serviceHex = Convert.ToHexStringLower(bed.ServiceKey.PublicKey.Span);

        Assert.Equal((0, t3pKeyHex), await RunAsync(["keys", "show", "--config", bed.T3p.Config.FilePath]));
        var keyFile = Path.Combine(home, "other.key");
        Directory.CreateDirectory(home);
        var (genExit, genOutput) = await RunAsync(["keys", "gen", "--out", keyFile]);
        Assert.Equal(0, genExit);
        Assert.Equal(Convert.ToHexStringLower(NoiseKeyFile.Read(keyFile).PublicKey.Span), genOutput);
        Assert.Equal(1, (await RunAsync(["keys", "gen", "--out", keyFile])).Exit);

        Assert.Equal((0, "added frank@example.org"), await RunAsync(["t3p", "user", "add", "frank@example.org", "--roles", "ops", "--groups", "dev", "--password-stdin", "--config", config], "hunter22\n"));
        Assert.Contains("frank@example.org", (await RunAsync(["t3p", "user", "list", "--config", config])).Output);

        Environment.SetEnvironmentVariable(ClientSessionStore.HomeVariable, home);
        try
        {
            Assert.Equal(1, (await RunAsync(["t3p", "login", "frank@example.org", "--t3p", bed.T3pAddress, "--t3p-key", t3pKeyHex, "--password-stdin", "--config", config], "wrong\n")).Exit);
            Assert.Equal(0, (await RunAsync(["t3p", "login", "frank@example.org", "--t3p", bed.T3pAddress, "--t3p-key", t3pKeyHex, "--password-stdin", "--config", config], "hunter22\n")).Exit);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "session.json")));
            }
            var (ticketExit, ticketOutput) = await RunAsync(["t3p", "ticket", "--service", serviceHex, "--for", "600", "--config", config]);
            Assert.Equal(0, ticketExit);
            var ticket = JsonDocument.Parse(ticketOutput).RootElement.GetProperty("ticket").GetString();

            using var service = await bed.ConnectT3pAsync(bed.ServiceKey);
            Assert.True((await service.CallAsync("t3p.check", new { user = "frank@example.org", ticket })).GetProperty("valid").GetBoolean());
            Assert.Equal(0, (await RunAsync(["t3p", "logout", "--config", config])).Exit);
            Assert.False((await service.CallAsync("t3p.check", new { user = "frank@example.org", ticket })).GetProperty("valid").GetBoolean());
            Assert.False(File.Exists(Path.Combine(home, "session.json")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClientSessionStore.HomeVariable, null);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var (oldOut, oldError, oldIn) = (Console.Out, Console.Error, Console.In);
        Console.SetOut(output);
        Console.SetError(errors);
        Console.SetIn(new StringReader(stdin));
        try
        {
            var exit = await ModularCli.RunAsync(args).WaitAsync(T3pTestBed.Timeout);
            return (exit, (output.ToString() + errors.ToString()).Trim());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            Console.SetIn(oldIn);
        }
    }
}
