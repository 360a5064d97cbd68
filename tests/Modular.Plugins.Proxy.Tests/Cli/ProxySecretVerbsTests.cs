using System.CommandLine;
using System.Security.Cryptography;
using Modular.Plugins.Proxy.Cli;

namespace Modular.Plugins.Proxy.Tests.Cli;

public sealed class ProxySecretVerbsTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var proxy = new Command("proxy");
        new ProxySecretVerbs().AddTo(proxy);
        var root = new RootCommand { proxy };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["proxy", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Secret_prints_a_fresh_secret_and_the_sha256_hex_of_its_bytes()
    {
        var (exit, output, _) = Run("secret");
        var (_, again, _) = Run("secret");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var secret = Assert.Single(lines, l => l.StartsWith("secret:", StringComparison.Ordinal))["secret:".Length..].Trim();
        var hash = Assert.Single(lines, l => l.StartsWith("secretHash:", StringComparison.Ordinal))["secretHash:".Length..].Trim();
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(secret))), hash);
        Assert.DoesNotContain(secret, again);
    }

    [Fact]
    public void Secret_takes_a_length_and_refuses_one_out_of_range()
    {
        var (exit, output, _) = Run("secret", "--bytes", "64");
        Assert.Equal(0, exit);
        Assert.Matches("secret: +[0-9a-f]{128}\\n", output.ReplaceLineEndings("\n"));

        var (refused, _, error) = Run("secret", "--bytes", "31");
        Assert.Equal(2, refused);
        Assert.Contains("--bytes", error);
    }
}
