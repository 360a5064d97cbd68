namespace Modular.Bench;

/// <summary>One benchmark, run by name: <c>dotnet run -c Release --project tools/Modular.Bench -- NAME</c>.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] args);
}
