using System.CommandLine;
using Modular.Sdk.Cli;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.T3p.Cli;

/// <summary>The <c>modular t3p</c> verbs: <c>user ...</c> for the operator, <c>login</c>, <c>ticket</c>, <c>revoke</c>, <c>logout</c> for users.</summary>
public sealed class T3pCliVerbs(IPluginContext context) : ICliVerbs
{
    public void AddTo(Command pluginCommand)
    {
        pluginCommand.Subcommands.Add(new UserCommands(context).Create());
        foreach (var command in ClientCommands.Create())
        {
            pluginCommand.Subcommands.Add(command);
        }
    }
}
