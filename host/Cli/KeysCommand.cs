using System.CommandLine;
using Modular.Host.Rpc;
using Modular.Sdk.Noise;

namespace Modular.Host.Cli;

/// <summary><c>modular keys show</c> (the host's Noise public key, hex) and <c>modular keys gen --out FILE</c> (a client key).</summary>
public static class KeysCommand
{
    public static Command Create(Option<string> configOption)
    {
        var keys = new Command("keys", "Noise static keys: the host's own (dataDir/noise.key) and client keys");

        var show = new Command("show", "Print the host's Noise static public key in hex (the key is created on first use)");
        show.SetAction(parse =>
        {
            if (ModularCli.TryLoadConfig(parse.GetValue(configOption)!) is not { } config)
            {
                return ModularCli.ExitConfigError;
            }
            Directory.CreateDirectory(config.DataDirectory);
            Console.WriteLine(Convert.ToHexStringLower(new NoiseHostKey(config.DataDirectory).KeyPair.PublicKey.Span));
            return 0;
        });
        keys.Subcommands.Add(show);

        var outOption = new Option<string>("--out") { Description = "The new key file (created owner-only; an existing file is never overwritten)", Required = true };
        var gen = new Command("gen", "Make a client Noise static key; prints its public key in hex");
        gen.Options.Add(outOption);
        gen.SetAction(parse =>
        {
            var path = parse.GetValue(outOption)!;
            var key = NoiseKeyPair.Generate();
            try
            {
                NoiseKeyFile.Write(path, key);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"modular: cannot write {path}: {e.Message}");
                return ModularCli.ExitFailure;
            }
            Console.WriteLine(Convert.ToHexStringLower(key.PublicKey.Span));
            return 0;
        });
        keys.Subcommands.Add(gen);
        return keys;
    }
}
