using System.CommandLine;

namespace Modular.Sdk.Cli;

/// <summary>
/// CLI verbs under <c>modular &lt;pluginId&gt;</c>. The host resolves implementations from DI (built for
/// the CLI without starting any listener) and calls <see cref="AddTo"/> with the plugin's command;
/// add subcommands with their actions there. An action returns the process exit code.
/// </summary>
public interface ICliVerbs
{
    void AddTo(Command pluginCommand);
}
