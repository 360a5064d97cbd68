namespace Fixtures.Sample;

public sealed class SampleNestedOptions
{
    public int Level { get; init; }
}
