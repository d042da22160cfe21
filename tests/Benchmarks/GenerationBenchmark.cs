using SkPlugins.Core.Onnx;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Tokenization;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Tokens/s and time to first token of the generation loop on the tiny Phi-3 fixture (CPU), and the loop's own overhead per token
/// against bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// calls fed the same inputs (same prompt, same tokens, cache fed back), measured in the same run.
/// </summary>
public sealed class GenerationBenchmark : IBenchmark
{
    private static readonly int[] s_bookPrompt =
        [1, 14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420, 920, 372, 9559, 29889, 32001];

    /// <inheritdoc />
    public string Name => "generation";

    /// <inheritdoc />
    public string Description => "decode loop tokens/s, TTFT and per-token overhead vs bare InferenceSession.Run (tiny Phi-3, CPU) [--model DIR --tokens N --runs R]";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        var folder = BenchmarkArguments.Value(args, "--model") ?? Path.Combine(BenchmarkPaths.SharedRoot(), "mirror", "hf", "skplugins-testing", "tiny-random-phi3");
        var tokens = int.Parse(BenchmarkArguments.Value(args, "--tokens") ?? "64", CultureInfo.InvariantCulture);
        var runs = int.Parse(BenchmarkArguments.Value(args, "--runs") ?? "9", CultureInfo.InvariantCulture);
        using var model = CausalLanguageModel.Load(folder, new HuggingFaceGenerationTokenizerFactory(), ExecutionProviderPreference.Cpu);
        var settings = GenerationSettings.Greedy with { MaxNewTokens = tokens, StopOnEos = false };
        IReadOnlyList<IReadOnlyList<int>> prompt = [s_bookPrompt];

        // Warm up both paths, then interleave them so machine noise hits both alike.
        var generated = model.Generate(prompt, settings, null, CancellationToken.None).OutputIds[0].ToArray();
        BareRun(model, s_bookPrompt, generated);
        var loop = new List<(double Total, double FirstToken)>();
        var bare = new List<(double Total, double FirstToken)>();
        for (var run = 0; run < runs; run++)
        {
            var result = model.Generate(prompt, settings, null, CancellationToken.None);
            loop.Add((result.Elapsed.TotalMilliseconds, result.TimeToFirstToken.TotalMilliseconds));
            bare.Add(BareRun(model, s_bookPrompt, generated));
        }

        var loopTotal = BenchmarkStatistics.Median(loop.Select(l => l.Total));
        var bareTotal = BenchmarkStatistics.Median(bare.Select(b => b.Total));
        var loopDecode = BenchmarkStatistics.Median(loop.Select(l => (l.Total - l.FirstToken) / (tokens - 1)));
        var bareDecode = BenchmarkStatistics.Median(bare.Select(b => (b.Total - b.FirstToken) / (tokens - 1)));
        Console.WriteLine($"Generation loop, {Path.GetFileName(folder.TrimEnd('/'))}, CPU, prompt {s_bookPrompt.Length} tokens, {tokens} new tokens, greedy, median of {runs} runs");
        Console.WriteLine();
        Console.WriteLine("| measure | decode loop | bare InferenceSession.Run | loop / bare |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(Row("tokens/s", tokens / (loopTotal / 1000), tokens / (bareTotal / 1000), "F0"));
        Console.WriteLine(Row("time to first token (ms)", BenchmarkStatistics.Median(loop.Select(l => l.FirstToken)), BenchmarkStatistics.Median(bare.Select(b => b.FirstToken)), "F2"));
        Console.WriteLine(Row("per decode step (ms)", loopDecode, bareDecode, "F3"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loop overhead per token: {(loopDecode - bareDecode) * 1000:F1} µs ({(loopDecode / bareDecode - 1) * 100:+0.0;-0.0}%; goal < 5%)."));
        return Task.FromResult(0);
    }

    /// <summary>The reference: the same prefill and decode steps with plain Run calls, no binding, no sampling.</summary>
    private static (double Total, double FirstToken) BareRun(CausalLanguageModel model, int[] promptIds, int[] tokens)
    {
        var config = model.Config;
        var session = model.Session;
        var pastNames = Enumerable.Range(0, config.NumHiddenLayers).SelectMany(l => new[] { config.PastKeyName(l), config.PastValueName(l) }).ToArray();
        var outputNames = new[] { config.LogitsName }.Concat(Enumerable.Range(0, config.NumHiddenLayers).SelectMany(l => new[] { config.PresentKeyName(l), config.PresentValueName(l) })).ToArray();
        var inputNames = new[] { config.InputIdsName, config.AttentionMaskName }.Concat(pastNames).ToArray();
        using var runOptions = new RunOptions();
        var stopwatch = Stopwatch.StartNew();
        var firstToken = 0.0;
        var pasts = pastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, [1, config.NumKeyValueHeads, 0, config.HeadSize])).ToArray();
        IDisposableReadOnlyCollection<OrtValue>? previous = null;
        var ids = promptIds.Select(i => (long)i).ToArray();
        var length = ids.Length;
        for (var step = 0; step < tokens.Length; step++)
        {
            var mask = new long[length];
            Array.Fill(mask, 1L);
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, length]);
            var outputs = session.Run(runOptions, inputNames, new[] { idsValue, maskValue }.Concat(pasts).ToArray(), outputNames);
            previous?.Dispose();
            if (step == 0)
            {
                foreach (var past in pasts)
                {
                    past.Dispose();
                }

                firstToken = stopwatch.Elapsed.TotalMilliseconds;
            }

            previous = outputs;
            pasts = outputs.Skip(1).ToArray();
            ids = [tokens[step]];
            length++;
        }

        previous?.Dispose();
        return (stopwatch.Elapsed.TotalMilliseconds, firstToken);
    }

    private static string Row(string name, double loop, double bare, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {loop.ToString(format, CultureInfo.InvariantCulture)} | {bare.ToString(format, CultureInfo.InvariantCulture)} | {loop / bare:F3} |");
}
