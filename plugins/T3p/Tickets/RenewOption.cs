namespace Modular.Plugins.T3p.Tickets;

/// <summary>LIFETIME-RENEW: <c>until</c> (unix seconds) or <c>for</c> (seconds from now), or both (the narrower wins).</summary>
public sealed class RenewOption
{
    public long? Until { get; init; }

    public long? For { get; init; }
}
