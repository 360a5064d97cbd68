namespace Modular.Plugins.T3p.Server;

/// <summary>The answer of <c>t3p.get</c>: a string (a key) or a list (groups, roles).</summary>
public sealed record GetResult(object Value);
