namespace Modular.Plugins.T3p.Server;

/// <summary>The answer to a successful <c>t3p.auth</c>.</summary>
public sealed record AuthResult(string User, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups);
