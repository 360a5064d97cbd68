namespace Modular.Plugins.T3p.Storage;

/// <summary>A user of the T3P: <c>name@domain</c>, the Argon2id hash of the password, roles and groups.</summary>
public sealed record T3pUser(string Name, string PasswordHash, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups)
{
    public string Domain => Name[(Name.LastIndexOf('@') + 1)..];
}
