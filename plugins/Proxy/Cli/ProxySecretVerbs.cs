using System.CommandLine;
using System.Security.Cryptography;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Cli;

namespace Modular.Plugins.Proxy.Cli;

/// <summary><c>modular proxy secret</c>: a fresh subscription secret and the hash to register it with.</summary>
public sealed class ProxySecretVerbs : ICliVerbs
{
    public void AddTo(Command pluginCommand)
    {
        var bytes = new Option<int>("--bytes")
        {
            Description = $"Secret length in bytes ({ProxySecrets.MinLength} to {ProxySecrets.MaxLength})",
            DefaultValueFactory = _ => ProxySecrets.MinLength,
        };
        var secret = new Command("secret", "Print a fresh random secret (hex, for the client's proxies[].secret) and its SHA-256 (hex, for proxy.register's secretHash)");
        secret.Options.Add(bytes);
        secret.SetAction((parseResult, _) =>
        {
            var length = parseResult.GetValue(bytes);
            var output = parseResult.InvocationConfiguration.Output;
            if (length is < ProxySecrets.MinLength or > ProxySecrets.MaxLength)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"--bytes must be {ProxySecrets.MinLength} to {ProxySecrets.MaxLength}");
                return Task.FromResult(2);
            }
            var value = RandomNumberGenerator.GetBytes(length);
            output.WriteLine($"secret:     {Convert.ToHexStringLower(value)}");
            output.WriteLine($"secretHash: {ProxySecrets.HashHex(value)}");
            return Task.FromResult(0);
        });
        pluginCommand.Subcommands.Add(secret);
    }
}
