using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Tokenization;

namespace SkPlugins.Benchmarks;

/// <summary>
/// The decode loop at real size on the CPU: a Phi-3-mini-shaped int4 folder (tests/tools/generation/make_phi3_int4.py --size full)
/// run by our loop, by Microsoft.ML.OnnxRuntimeGenAI 0.18 (tests/tools/generation/OrtGenAIRunner) and by bare InferenceSession.Run
/// calls, each in a process of its own, interleaved run after run so machine noise hits all three alike. Measures load time, time to
/// first token for a 25- and a 1,000-token prompt, decode tokens/s over the new tokens, peak RSS, and checks the greedy ids agree.
/// The model files are read once before the runs (a warm page cache for every engine) and each run starts with the next engine.
/// With <c>--turns N</c> the three processes are loaded at once and generate in turns instead (<see cref="GenerationFullTurns"/>).
/// Our loop and bare Run also report their time outside ONNX Runtime's run per decode token, the loop's own cost.
/// </summary>
public sealed class GenerationFullBenchmark : IBenchmark
{
    private static readonly int[] s_bookPrompt =
        [1, 14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420, 920, 372, 9559, 29889, 32001];

    private static readonly string[] s_engines = ["ours", "ortgenai", "bare"];

    /// <inheritdoc />
    public string Name => "generation-full";

    /// <inheritdoc />
    public string Description => "Phi-3-mini-shaped int4 on CPU: load, TTFT (25/1,000 tokens), tokens/s, peak RSS vs ORT GenAI 0.18 and bare Run [--model DIR --tokens 64 --runs 2 | --turns N (warm processes taking turns) --short (25-token prompt only)]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var folder = BenchmarkArguments.Value(args, "--model") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "skplugins", "phi3-mini-int4-random");
        var tokens = int.Parse(BenchmarkArguments.Value(args, "--tokens") ?? "64", CultureInfo.InvariantCulture);
        if (BenchmarkArguments.Value(args, "--child") is { } childEngine)
        {
            return GenerationFullChild.Run(childEngine, folder, BenchmarkArguments.Value(args, "--prompts")!, tokens, args.Contains("--turns"));
        }

        var runs = int.Parse(BenchmarkArguments.Value(args, "--runs") ?? "2", CultureInfo.InvariantCulture);
        var turns = int.Parse(BenchmarkArguments.Value(args, "--turns") ?? "0", CultureInfo.InvariantCulture);
        if (!File.Exists(Path.Combine(folder, "genai_config.json")))
        {
            await Console.Error.WriteLineAsync($"generation-full: {folder} has no genai_config.json; make it with /usr/bin/python3 tests/tools/generation/make_phi3_int4.py {folder} --size full");
            return 2;
        }

        var runner = RunnerPath();
        var promptFile = Path.Combine(Path.GetTempPath(), $"skplugins-generation-full-{Environment.ProcessId}.json");
        var prompts = Prompts(folder).Where(p => !args.Contains("--short") || p.Key == "prompt25");
        await File.WriteAllTextAsync(promptFile, JsonSerializer.Serialize(new { prompts = prompts.Select(p => new { name = p.Key, ids = p.Value }) }));
        await WarmPageCacheAsync(folder);
        try
        {
            ProcessStartInfo Start(string engine) => StartInfo(engine, runner, folder, promptFile, tokens, turns > 0);
            var measured = turns > 0
                ? await TakeTurnsAsync(Start, [.. prompts.Select(p => p.Key)], runs, turns)
                : await RunProcessesAsync(Start, runs);
            Report(folder, tokens, turns > 0 ? $"median of {runs} × {turns} turns ({runs} sets of three warm processes generating one at a time)" : $"median of {runs} interleaved runs (each engine in its own process)", turns > 0, measured);
        }
        finally
        {
            File.Delete(promptFile);
        }

        return 0;
    }

    /// <summary>
    /// <paramref name="runs"/> sets of warm processes, each taking <paramref name="turns"/> turns: the turns cancel the machine's
    /// drift, the fresh sets what differs from one process to the next (where its memory landed), which one set would leave in.
    /// </summary>
    private static async Task<Dictionary<string, List<GenerationFullResult>>> TakeTurnsAsync(Func<string, ProcessStartInfo> start, IReadOnlyList<string> prompts, int runs, int turns)
    {
        var measured = s_engines.ToDictionary(e => e, _ => new List<GenerationFullResult>());
        for (var run = 0; run < runs; run++)
        {
            await Console.Error.WriteLineAsync($"set {run + 1}/{runs}");
            var engines = GenerationFullTurns.Rotated(s_engines, run);
            foreach (var (engine, results) in await GenerationFullTurns.RunAsync(engines, start, prompts, turns))
            {
                measured[engine].AddRange(results.Select(r => r with { Set = run }));
            }
        }

        return measured;
    }

    /// <summary>Whole processes, one engine at a time, <paramref name="runs"/> times.</summary>
    private static async Task<Dictionary<string, List<GenerationFullResult>>> RunProcessesAsync(Func<string, ProcessStartInfo> start, int runs)
    {
        var measured = s_engines.ToDictionary(e => e, _ => new List<GenerationFullResult>());
        for (var run = 0; run < runs; run++)
        {
            // Each run starts with the next engine, so that no engine is always the one after the parent's own work.
            foreach (var engine in GenerationFullTurns.Rotated(s_engines, run))
            {
                await Console.Error.WriteLineAsync($"run {run + 1}/{runs}: {engine} ...");
                var result = await RunChildAsync(engine, start(engine)) with { Set = run };
                measured[engine].Add(result);
                var rates = string.Join(", ", result.Prompts.Select(p => $"{p.Key} {p.Value.Rate:F2} tok/s, first token {p.Value.FirstMs:F0} ms"));
                await Console.Error.WriteLineAsync($"run {run + 1}/{runs}: {engine}: load {result.LoadMs:F0} ms, {rates}, peak RSS {result.PeakRssMiB:F0} MiB");
            }
        }

        return measured;
    }

    /// <summary>Reads the model files once, so that the first engine's load does not pay for a cold page cache the others skip.</summary>
    private static async Task WarmPageCacheAsync(string folder)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
    }

    private static Dictionary<string, int[]> Prompts(string folder)
    {
        var tokenizer = new HuggingFaceGenerationTokenizerFactory().Create(folder);
        const string Paragraph = "The quick brown fox jumps over the lazy dog near the riverbank, while seven wizards quietly brew potions of 42 colours. ";
        var longIds = tokenizer.EncodeToIds(string.Concat(Enumerable.Repeat(Paragraph, 60))).Take(999).Append(32001).ToArray();
        return new Dictionary<string, int[]> { ["prompt25"] = s_bookPrompt, ["prompt1000"] = longIds };
    }

    private static ProcessStartInfo StartInfo(string engine, string runner, string folder, string promptFile, int tokens, bool turns)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };

        // The benchmark project turns tiered compilation off; the children start as the product and the ORT GenAI runner do.
        start.Environment["DOTNET_TieredCompilation"] = "1";
        var common = new[] { "--model", folder, "--prompts", promptFile };
        IEnumerable<string> arguments = engine == "ortgenai"
            ? [runner, .. common, "--max-new-tokens", tokens.ToString(CultureInfo.InvariantCulture), "--warmup"]
            : [Assembly.GetExecutingAssembly().Location, "generation-full", .. common, "--tokens", tokens.ToString(CultureInfo.InvariantCulture), "--child", engine];
        foreach (var argument in turns ? arguments.Append("--turns") : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static async Task<GenerationFullResult> RunChildAsync(string engine, ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {engine} child");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the {engine} child failed ({process.ExitCode}): {await stderr}");
        }

        return GenerationFullResult.Parse(stdout);
    }

    /// <summary>Prints the table. In turn mode the load row has no paired ratio: a set's three processes load one after another,
    /// in an order that rotates with the set, so one load's ratio to another says which came first, not which engine is faster.</summary>
    private static void Report(string folder, int tokens, string design, bool turns, Dictionary<string, List<GenerationFullResult>> measured)
    {
        double Median(string engine, Func<GenerationFullResult, double> pick) => BenchmarkStatistics.Median(measured[engine].Select(pick));
        var rows = new (string Measure, Func<GenerationFullResult, double> Pick, string Format, bool LowerIsBetter, bool IsLoad)[]
        {
            ("load (ms)", r => r.LoadMs, "F0", true, true),
            ("time to first token, 25-token prompt (ms)", r => r.Prompt("prompt25").FirstMs, "F0", true, false),
            ("time to first token, 1,000-token prompt (ms)", r => r.Prompt("prompt1000").FirstMs, "F0", true, false),
            ($"decode tokens/s, {tokens} new tokens after 25", r => r.Prompt("prompt25").Rate, "F2", false, false),
            ($"decode tokens/s, {tokens} new tokens after 1,000", r => r.Prompt("prompt1000").Rate, "F2", false, false),
            ("loop's time outside Run per decode token, 25-token prompt (ms)", r => r.Prompt("prompt25").OutsideMs, "F3", true, false),
            ("peak RSS (MiB)", r => r.PeakRssMiB, "F0", true, false),
        };
        Console.WriteLine($"Generation at real size, {Path.GetFileName(folder.TrimEnd('/'))}, CPU, greedy, {design}");
        Console.WriteLine();
        Console.WriteLine("| measure | ours | ORT GenAI 0.18 | bare InferenceSession.Run | ours vs ORT GenAI | paired: median (range; 95% interval of the median) of each run's (turn's) ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (measure, pick, format, lowerIsBetter, isLoad) in rows)
        {
            if (measure.Contains("1,000", StringComparison.Ordinal) && !measured["ours"][0].Prompts.ContainsKey("prompt1000"))
            {
                continue;
            }

            var (ours, genai, bare) = (Median("ours", pick), Median("ortgenai", pick), Median("bare", pick));
            var ratio = lowerIsBetter ? genai / ours : ours / genai;
            string Cell(double value) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
            var paired = turns && isLoad ? "n/a (loaded one after another)" : Paired(measured, pick, lowerIsBetter);
            Console.WriteLine($"| {measure} | {Cell(ours)} | {Cell(genai)} | {Cell(bare)} | {Ratio(ratio)} | {paired} |");
        }

        Console.WriteLine();
        Console.WriteLine("Ratios are ours against ORT GenAI, oriented so that > 1.00× means ours is better (faster or smaller).");
        Console.WriteLine("The loop's time outside Run is the decode time not spent in ONNX Runtime's run, per token (ORT GenAI does not report it).");
        foreach (var name in measured["ours"][0].Prompts.Keys)
        {
            var ours = measured["ours"][0].Prompt(name).Ids;
            Console.WriteLine($"{name}: greedy ids ours == ORT GenAI: {ours.SequenceEqual(measured["ortgenai"][0].Prompt(name).Ids)}, == bare: {ours.SequenceEqual(measured["bare"][0].Prompt(name).Ids)} ({ours.Length} tokens)");
        }
    }

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>
    /// Each run's (turn's) own ratio, ours against the ORT GenAI process of the same run (turn), seconds or minutes apart rather than
    /// the whole benchmark: their median, range and the 95% bootstrap interval of that median, resampling the sets of processes and
    /// then the turns within them (<see cref="BenchmarkStatistics.MedianInterval"/>). The machine's drift moves both engines of a run
    /// alike, so this is the steadier comparison, and the interval says how far the median can be trusted.
    /// </summary>
    private static string Paired(Dictionary<string, List<GenerationFullResult>> measured, Func<GenerationFullResult, double> pick, bool lowerIsBetter)
    {
        var pairs = measured["ours"].Zip(measured["ortgenai"], (o, g) => (o.Set, Ratio: lowerIsBetter ? pick(g) / pick(o) : pick(o) / pick(g)))
            .Where(p => !double.IsNaN(p.Ratio)).ToArray();
        if (pairs.Length == 0)
        {
            return "n/a";
        }

        var ratios = pairs.Select(p => p.Ratio).ToArray();
        var (low, high) = BenchmarkStatistics.MedianInterval([.. pairs.GroupBy(p => p.Set).Select(g => (IReadOnlyList<double>)[.. g.Select(p => p.Ratio)])]);
        static string Fine(double ratio) => ratio.ToString("F3", CultureInfo.InvariantCulture) + "×";
        return $"{Fine(BenchmarkStatistics.Median(ratios))} ({Ratio(ratios.Min())}–{Ratio(ratios.Max())}; {Fine(low)}–{Fine(high)})";
    }

    private static string RunnerPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "tests", "tools", "generation", "OrtGenAIRunner");
            if (Directory.Exists(project))
            {
                var dll = Path.Combine(project, "bin", "Release", "net10.0", "ortgenai-runner.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built: dotnet build -c Release {project}");
            }
        }

        throw new InvalidOperationException("tests/tools/generation/OrtGenAIRunner not found above " + AppContext.BaseDirectory);
    }
}
