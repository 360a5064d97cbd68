namespace Modular.Plugins.Htx.Options;

/// <summary>One token bucket per client IPv4 /24 or IPv6 /56; a ticketed request takes one token.</summary>
public sealed class HtxRateLimitOptions
{
    public double Capacity { get; set; } = 20;

    public double RefillPerSecond { get; set; } = 10;
}
