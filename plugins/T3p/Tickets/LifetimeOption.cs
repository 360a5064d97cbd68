namespace Modular.Plugins.T3p.Tickets;

/// <summary>One LIFETIME statement: exactly one of <c>after</c>, <c>until</c> (unix seconds), <c>for</c> (seconds) or <c>conn: true</c>.</summary>
public sealed class LifetimeOption
{
    public long? After { get; init; }

    public long? Until { get; init; }

    public long? For { get; init; }

    public bool? Conn { get; init; }
}
