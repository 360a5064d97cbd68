using System.CommandLine;
using Modular.Sdk.Cli;

namespace Fixtures.Sample;

/// <summary><c>modular sample greet NAME</c>: exits 0 when NAME is given and prints the greeting.</summary>
public sealed class SampleGreetVerbs : ICliVerbs
{
    public void AddTo(Command pluginCommand)
    {
        var name = new Argument<string>("name");
        var greet = new Command("greet", "Prints a greeting") { name };
        greet.SetAction(parse =>
        {
            Console.WriteLine($"hello, {parse.GetValue(name)}");
            return 0;
        });
        pluginCommand.Subcommands.Add(greet);
    }
}
