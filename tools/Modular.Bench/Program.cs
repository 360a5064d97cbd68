using Modular.Bench;

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args is [KemLoadGenerator.Command, ..])
{
    return KemLoadGenerator.Run(args[1..]);
}
var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine("usage: modular-bench NAME [args]   (build with -c Release; run on an idle machine)");
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    }
    return 2;
}
if (DebugBuildCheck.UnoptimizedPlugins() is { Count: > 0 } debug)
{
    Console.Error.WriteLine($"artifacts/plugins/ holds Debug builds ({string.Join(", ", debug.Select(Path.GetFileName))}), probably from a dotnet test;");
    Console.Error.WriteLine("run the benchmark with 'dotnet run -c Release --project tools/Modular.Bench -- NAME' (without --no-build) to rebuild them.");
    return 2;
}
await chosen.RunAsync(args[1..]);
return 0;
