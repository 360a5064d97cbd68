using Modular.Plugins.T3p.Acl;
using Modular.Sdk.Config;

namespace Modular.Plugins.T3p.Configuration;

/// <summary>The <c>config</c> of the t3p plugin; see <c>config.schema.json</c>.</summary>
public sealed class T3pOptions
{
    /// <summary>Argon2id memory of the minimum: 19 MiB.</summary>
    public const int DefaultArgon2MemoryKiB = 19 * 1024;

    /// <summary>The domains this T3P serves; a login for any other domain is refused.</summary>
    public List<string> Domains { get; init; } = [];

    public List<T3pServiceEntry> Services { get; init; } = [];

    /// <summary>ACL rules for <c>t3p.get</c>: <c>SUBJECT-CATEG SUBJECT : allow|deny : CATEG OBJECT ROLE PROP</c>.</summary>
    public List<string> Acl { get; init; } = ["srv * : allow : srv * info pubkey"];

    public int MaxLifetimeSeconds { get; init; } = 24 * 3600;

    public int MaxRenewSeconds { get; init; } = 7 * 24 * 3600;

    /// <summary>The SQLite file of users, tickets and revocations, relative to the data directory.</summary>
    public string Database { get; init; } = "t3p.db";

    public int Argon2MemoryKiB { get; init; } = DefaultArgon2MemoryKiB;

    public int Argon2Iterations { get; init; } = 2;

    /// <summary>The wait before the second attempt after a failed login; it doubles with each further failure.</summary>
    public int FailureDelayMilliseconds { get; init; } = 250;

    public int MaxFailureDelaySeconds { get; init; } = 30;

    /// <summary>How long failures are remembered, per user and per IP address.</summary>
    public int FailureWindowSeconds { get; init; } = 900;

    /// <summary>Checks every value and parses the ACL; throws <see cref="ConfigException"/> naming the key.</summary>
    public AclRules Validate()
    {
        Require(MaxLifetimeSeconds > 0, "maxLifetimeSeconds must be positive");
        Require(MaxRenewSeconds >= 0, "maxRenewSeconds must not be negative");
        Require(Argon2MemoryKiB >= 1024, "argon2MemoryKiB must be at least 1024 (the default, 19456, is the production minimum)");
        Require(Argon2Iterations >= 1, "argon2Iterations must be at least 1");
        Require(FailureDelayMilliseconds >= 0, "failureDelayMilliseconds must not be negative");
        Require(MaxFailureDelaySeconds >= 0, "maxFailureDelaySeconds must not be negative");
        Require(FailureWindowSeconds > 0, "failureWindowSeconds must be positive");
        Require(!string.IsNullOrWhiteSpace(Database), "database must name a file");
        for (var i = 0; i < Domains.Count; i++)
        {
            Require(Domains[i].Length > 0 && !Domains[i].Contains('@') && !Domains[i].Any(char.IsWhiteSpace), $"domains[{i}] '{Domains[i]}' is not a domain name");
        }
        for (var i = 0; i < Services.Count; i++)
        {
            Require(Services[i].Name.Length > 0 && !Services[i].Name.Any(char.IsWhiteSpace), $"services[{i}].name must be a non-empty word");
            Require(IsKeyHex(Services[i].Pubkey), $"services[{i}].pubkey must be 64 hex characters (a Noise static public key)");
        }
        try
        {
            return AclRules.Parse(Acl);
        }
        catch (FormatException e)
        {
            throw new ConfigException($"t3p: acl: {e.Message}");
        }
    }

    public static bool IsKeyHex(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigit);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigException($"t3p: {message}");
        }
    }
}
