using System.Reflection;
using SkPlugins.Benchmarks;

// generation-full's child processes report their own peak memory: they start without instantiating (and loading the assemblies of)
// every other benchmark, as lean as the ORT GenAI runner they are compared with.
if (args is ["generation-full", ..] && args.Contains("--child"))
{
    return await new GenerationFullBenchmark().RunAsync(args[1..]);
}

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <benchmark> [options]");
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-14} {b.Description}");
    }

    return args.Length == 0 ? 1 : 0;
}

var chosen = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

return await chosen.RunAsync(args[1..]);
