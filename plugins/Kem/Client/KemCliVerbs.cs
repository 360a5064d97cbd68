using System.CommandLine;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Broker;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Sdk.Cli;
using Modular.Sdk.Config;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.Kem.Client;

/// <summary><c>modular kem keygen|sign|launch</c>.</summary>
public sealed class KemCliVerbs(IPluginContext context, TimeProvider time, ILogger<KemCliVerbs> logger) : ICliVerbs
{
    private readonly BouncyCastleMlDsa65 _signatures = new();

    public void AddTo(Command pluginCommand)
    {
        pluginCommand.Subcommands.Add(KeygenCommand());
        pluginCommand.Subcommands.Add(SignCommand());
        pluginCommand.Subcommands.Add(LaunchCommand());
    }

    private Command KeygenCommand()
    {
        var output = new Option<string>("--out") { Description = "Folder for mldsa65.pub and mldsa65.key", Required = true };
        var command = new Command("keygen", "Write a new ML-DSA-65 key pair for signing launcher scripts") { output };
        command.SetAction((parse, _) =>
        {
            var directory = parse.GetValue(output)!;
            try
            {
                SigningKeyFiles.Write(directory, _signatures.GenerateKeyPair());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"keygen: {e.Message} (an existing key is never overwritten)");
                return Task.FromResult(1);
            }
            Console.WriteLine($"wrote {Path.Combine(directory, SigningKeyFiles.PublicKeyFile)} and {Path.Combine(directory, SigningKeyFiles.PrivateKeyFile)} (owner-only)");
            return Task.FromResult(0);
        });
        return command;
    }

    private Command SignCommand()
    {
        var key = new Option<string>("--key") { Description = "The mldsa65.key file", Required = true };
        var script = new Argument<string>("script") { Description = "The .js file to sign" };
        var command = new Command("sign", "Write SCRIPT.js" + ScriptCatalog.SignatureSuffix + " beside the script") { key, script };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(script)!;
            try
            {
                var privateKey = SigningKeyFiles.Read(parse.GetValue(key)!, BouncyCastleMlDsa65.SeedLength);
                var source = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
                var signature = _signatures.Sign(privateKey, source);
                await File.WriteAllTextAsync(path + ScriptCatalog.SignatureSuffix, Convert.ToBase64String(signature) + "\n", ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sign: {e.Message}");
                return 1;
            }
            Console.WriteLine($"wrote {path}{ScriptCatalog.SignatureSuffix}");
            return 0;
        });
        return command;
    }

    private Command LaunchCommand()
    {
        var broker = new Option<string>("--broker") { Description = "The broker's base URL with its route prefix, e.g. http://127.0.0.1:9080/kem", Required = true };
        var ticket = new Option<string>("--ticket") { Description = "The 48-character ticket", Required = true };
        var scrambler = new Option<string>("--scrambler") { Description = "The ticket's scrambler", Required = true };
        var trustKey = new Option<string>("--trust-key") { Description = "The mldsa65.pub the script must be signed with", Required = true };
        var command = new Command("launch", "Fetch a ticket, verify its script and run it") { broker, ticket, scrambler, trustKey };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (!Uri.TryCreate(parse.GetValue(broker), UriKind.Absolute, out var brokerUri) || brokerUri.Scheme is not ("http" or "https"))
                {
                    Console.Error.WriteLine("launch: --broker must be an http(s) URL with the route prefix, e.g. http://127.0.0.1:9080/kem");
                    return 1;
                }
                var options = context.BindConfig<KemOptions>().Client ?? new ClientOptions();
                options.Validate();
                var trusted = SigningKeyFiles.Read(parse.GetValue(trustKey)!, BouncyCastleMlDsa65.PublicKeyLength);
                var launcher = new ScriptLauncher(new BouncyCastleMlKem768(), _signatures, options, Console.Error, time, logger);
                await launcher.LaunchAsync(brokerUri, parse.GetValue(ticket)!, parse.GetValue(scrambler)!, trusted, ct).ConfigureAwait(false);
                return 0;
            }
            catch (LaunchException e)
            {
                Console.Error.WriteLine($"launch: {e.Message}");
                return e.ExitCode;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ConfigException)
            {
                Console.Error.WriteLine($"launch: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
