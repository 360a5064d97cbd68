using System.Text.Json;
using Modular.Sdk.Security;

namespace Modular.Plugins.T3p.Cli;

/// <summary>
/// The CLI's files in the user's config directory (<c>~/.config/modular/t3p</c>, or <c>$MODULAR_T3P_HOME</c>):
/// <c>client.key</c> (the default client Noise key) and <c>session.json</c>, both owner-only.
/// </summary>
public static class ClientSessionStore
{
    public const string HomeVariable = "MODULAR_T3P_HOME";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Home =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "modular", "t3p");

    public static string DefaultKeyFile => Path.Combine(Home, "client.key");

    private static string SessionFile => Path.Combine(Home, "session.json");

    public static ClientSession? Load() =>
        File.Exists(SessionFile) ? JsonSerializer.Deserialize<ClientSession>(File.ReadAllText(SessionFile), Json) : null;

    public static void Save(ClientSession session)
    {
        Directory.CreateDirectory(Home);
        var temporary = SessionFile + ".tmp";
        File.Delete(temporary);
        SecretFile.CreateNew(temporary, JsonSerializer.Serialize(session, Json));
        File.Move(temporary, SessionFile, overwrite: true);
    }

    public static void Delete() => File.Delete(SessionFile);
}
