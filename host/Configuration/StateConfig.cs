namespace Modular.Host.Configuration;

public sealed class StateConfig
{
    public StateProvider Provider { get; init; } = StateProvider.Sqlite;

    /// <summary>The SQLite file, relative to the data directory.</summary>
    public string File { get; init; } = "state.db";
}
