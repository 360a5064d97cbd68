using System.CommandLine;
using Modular.Sdk.Cli;

namespace Fixtures.Sample;

/// <summary><c>modular sample exit CODE</c>: a second verb class, proving every class's verbs are added.</summary>
public sealed class SampleExitVerbs : ICliVerbs
{
    public void AddTo(Command pluginCommand)
    {
        var code = new Argument<int>("code");
        var exit = new Command("exit", "Exits with CODE") { code };
        exit.SetAction(parse => parse.GetValue(code));
        pluginCommand.Subcommands.Add(exit);
    }
}
