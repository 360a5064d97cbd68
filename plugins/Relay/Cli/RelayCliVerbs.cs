using System.CommandLine;
using Modular.Plugins.Relay.Client;
using Modular.Sdk.Cli;
using Modular.Sdk.Config;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.Relay.Cli;

/// <summary><c>modular relay send PATH... </c> and <c>modular relay receive CODE</c>, thin wrappers over <see cref="RelayClient"/>.</summary>
public sealed class RelayCliVerbs(IPluginContext context, TimeProvider time) : ICliVerbs
{
    public void AddTo(Command pluginCommand)
    {
        var relay = new Option<string?>("--relay") { Description = $"Base URL of the relay's host (else ${RelayClientSettings.EnvironmentVariable}, else client.relay in the config)" };

        var paths = new Argument<string[]>("PATH") { Description = "Files and folders to send", Arity = ArgumentArity.OneOrMore };
        var curve = new Option<string?>("--curve") { Description = "SPAKE2 group: p256 (default), p384 or p521" };
        var send = new Command("send", "Send files and folders; prints a code for the recipient") { paths, relay, curve };
        send.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(relay), "sending", (client, progress) =>
            client.SendAsync(parse.GetValue(paths)!, parse.GetValue(curve), code =>
            {
                Console.WriteLine($"code: {code}");
                Console.WriteLine($"on the other machine: modular relay receive {code}");
            }, progress, cancellationToken)));

        var code = new Argument<string>("CODE") { Description = "The code the sender printed" };
        var output = new Option<string>("--out") { Description = "Folder to write into (default: the current folder)", DefaultValueFactory = _ => "." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files that already exist" };
        var receive = new Command("receive", "Receive files with the sender's code") { code, relay, output, overwrite };
        receive.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(relay), "receiving", (client, progress) =>
            client.ReceiveAsync(parse.GetValue(code)!, parse.GetValue(output)!, parse.GetValue(overwrite), progress, cancellationToken)));

        pluginCommand.Subcommands.Add(send);
        pluginCommand.Subcommands.Add(receive);
    }

    private async Task<int> RunAsync(string? relayOption, string verb, Func<RelayClient, ITransferProgress, Task<TransferResult>> run)
    {
        try
        {
            var options = context.BindConfig<RelayOptions>();
            options.Validate();
            using var client = new RelayClient(new RelayClientSettings(RelayClientSettings.ResolveRelay(relayOption, options.Client), options.Client, RoutePrefix: options.RoutePrefix));
            TransferResult result;
            await using (var progress = new ConsoleTransferProgress(verb, time))
            {
                result = await run(client, progress).ConfigureAwait(false);
            }
            Console.WriteLine($"done: {result.Files.Count} file(s), {result.Bytes} bytes transferred");
            return 0;
        }
        catch (RelayException e)
        {
            await Console.Error.WriteLineAsync($"relay: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"relay: config error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("relay: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
