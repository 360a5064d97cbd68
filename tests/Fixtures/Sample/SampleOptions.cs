namespace Fixtures.Sample;

public sealed class SampleOptions
{
    public string Greeting { get; init; } = "hello";

    public SampleNestedOptions Nested { get; init; } = new();

    /// <summary>"configure" throws from ConfigureServices, "start" from a hosted service's start.</summary>
    public string? Fail { get; init; }

    /// <summary>When set, a TCP echo listener on this address.</summary>
    public string? EchoListen { get; init; }

    /// <summary>When set, a TCP listener that reports its memory pool's block size.</summary>
    public string? BlockSizeListen { get; init; }
}
