using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Decoding;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Tokenization;
using SkPlugins.Tools.Generation;

namespace SkPlugins.Benchmarks;

/// <summary>
/// One contender of <see cref="GenerationFullBenchmark"/> in a process of its own (so peak RSS is its own): our decode loop
/// (<see cref="CausalLanguageModel"/>) or bare <see cref="InferenceSession"/>.Run calls with the shared cache buffers and argmax.
/// Prints the same JSON document as tests/tools/generation/OrtGenAIRunner, plus each prompt's <c>outside_run_ms_per_token</c>: the
/// time per decode token spent outside <see cref="InferenceSession"/>'s run (the loop's own work, which machine load barely moves).
/// </summary>
internal static class GenerationFullChild
{
    /// <summary>
    /// Runs <paramref name="engine"/> over the prompts of <paramref name="promptFile"/> and prints the JSON result, or with
    /// <paramref name="turns"/> stays loaded and generates the prompts its stdin names (<see cref="GenerationTurns"/>).
    /// </summary>
    public static int Run(string engine, string folder, string promptFile, int maxNew, bool turns)
    {
        var prompts = GenerationRunJson.ReadPrompts(promptFile);
        var clock = Stopwatch.StartNew();
        using var model = CausalLanguageModel.Load(folder, new HuggingFaceGenerationTokenizerFactory(), ExecutionProviderPreference.Cpu);
        var loadMs = clock.Elapsed.TotalMilliseconds;
        if (engine == "alternate")
        {
            return Alternate(model, prompts[0].Ids, maxNew);
        }

        Func<int[], int, (int[] Tokens, double FirstMs, double Rate, double OutsideMs)> generate = engine switch
        {
            "ours" => (ids, count) => Ours(model, ids, count),
            "bare" => (ids, count) => Bare(model, ids, count),
            _ => throw new ArgumentException($"--child must be ours or bare, not {engine}"),
        };

        // Warm-up as the ORT GenAI runner does it: 2 tokens after the first prompt's first 8 ids.
        generate(prompts[0].Ids[..Math.Min(8, prompts[0].Ids.Length)], 2);
        JsonObject Result(string name, int[] ids)
        {
            var (tokens, firstMs, rate, outsideMs) = generate(ids, maxNew);
            var result = GenerationRunJson.Result(name, ids.Length, tokens, firstMs, rate);
            result["outside_run_ms_per_token"] = Math.Round(outsideMs, 3);
            return result;
        }

        if (turns)
        {
            GenerationTurns.Serve(engine, loadMs, prompts, Result);
            return 0;
        }

        Console.WriteLine(GenerationRunJson.Document(engine, loadMs, [.. prompts.Select(p => (JsonNode)Result(p.Name, p.Ids))]));
        return 0;
    }

    /// <summary>
    /// Our loop and bare <c>Run</c> taking turns in one process on one session (six rounds, the order swapped every round), so that
    /// neither process start, page cache nor running first separates them: prints each round's decode tokens/s and time to first
    /// token, and the median ratios (oriented so that > 1 means ours is better).
    /// </summary>
    private static int Alternate(CausalLanguageModel model, int[] ids, int maxNew)
    {
        Ours(model, ids[..Math.Min(8, ids.Length)], 2);
        Bare(model, ids[..Math.Min(8, ids.Length)], 2);
        var (ours, bare) = (new List<(double FirstMs, double Rate)>(), new List<(double FirstMs, double Rate)>());
        for (var round = 0; round < 6; round++)
        {
            foreach (var first in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var (_, firstMs, rate, _) = first ? Ours(model, ids, maxNew) : Bare(model, ids, maxNew);
                (first ? ours : bare).Add((Math.Round(firstMs, 1), Math.Round(rate, 3)));
            }
        }

        Console.WriteLine(new JsonObject
        {
            ["engine"] = "alternate",
            ["ours_tokens_per_second"] = new JsonArray([.. ours.Select(r => (JsonNode)r.Rate)]),
            ["bare_tokens_per_second"] = new JsonArray([.. bare.Select(r => (JsonNode)r.Rate)]),
            ["median_ratio_ours_over_bare"] = Math.Round(BenchmarkStatistics.Median(ours.Zip(bare, (o, b) => o.Rate / b.Rate)), 3),
            ["ours_time_to_first_token_ms"] = new JsonArray([.. ours.Select(r => (JsonNode)r.FirstMs)]),
            ["bare_time_to_first_token_ms"] = new JsonArray([.. bare.Select(r => (JsonNode)r.FirstMs)]),
            ["median_ratio_bare_over_ours_first_token"] = Math.Round(BenchmarkStatistics.Median(ours.Zip(bare, (o, b) => b.FirstMs / o.FirstMs)), 3),
        }.ToJsonString());
        return 0;
    }

    /// <summary>Our loop; besides the rates, the time per decode token that the loop spends outside ONNX Runtime's run.</summary>
    private static (int[] Tokens, double FirstMs, double Rate, double OutsideMs) Ours(CausalLanguageModel model, int[] ids, int maxNew)
    {
        var result = model.Generate([ids], GenerationSettings.Greedy with { MaxNewTokens = maxNew }, null, CancellationToken.None);
        var tokens = result.OutputIds[0].ToArray();
        var decode = result.Elapsed - result.TimeToFirstToken;
        return (tokens, result.TimeToFirstToken.TotalMilliseconds, PerSecond(tokens.Length - 1, decode), PerToken(tokens.Length - 1, decode - result.DecodeRunTime));
    }

    private static double PerSecond(int decoded, TimeSpan time) => decoded <= 0 ? 0 : decoded / time.TotalSeconds;

    private static double PerToken(int decoded, TimeSpan time) => decoded <= 0 ? 0 : time.TotalMilliseconds / decoded;

    /// <summary>The floor: plain Run calls on the model's session (its logits cut to the last position where the loader cut them) and the shared cache buffers our loop would get (the model's kept set when it fits; the positions decoding writes zeroed after the prompt's step unless mapped before), a fresh logits tensor per step, argmax, eos stop.</summary>
    private static (int[] Tokens, double FirstMs, double Rate, double OutsideMs) Bare(CausalLanguageModel model, int[] prompt, int maxNew)
    {
        var config = model.Config;
        var capacity = prompt.Length + maxNew;
        var layout = KeyValueCacheLayout.From(config, 1, TensorElementType.Float);
        var inputNames = new[] { config.InputIdsName, config.AttentionMaskName }.Concat(layout.PastNames).ToArray();
        var outputNames = new[] { config.LogitsName }.Concat(layout.PresentNames).ToArray();
        var cutToLast = model.Session.OutputMetadata[config.LogitsName].Dimensions[1] == 1;
        var clock = Stopwatch.StartNew();
        using var cache = model.KeyValueBuffers.Rent(layout, OrtAllocator.DefaultInstance, capacity);
        var buffers = layout.PastNames.Select((_, i) => cache.Buffer(i)).ToArray();
        using var runOptions = new RunOptions();
        var mask = new long[capacity];
        Array.Fill(mask, 1L);
        var tokens = new List<int>();
        var ids = prompt.Select(i => (long)i).ToArray();
        var length = prompt.Length;
        var firstMs = 0.0;
        var decodeRunTime = TimeSpan.Zero;
        while (true)
        {
            if (tokens.Count == 1 && ids.Length == 1 && firstMs > 0)
            {
                // After the prompt's step (its logits freed), before the first token counts, as our loop and ORT GenAI do: the
                // positions decoding will write are mapped now, not a page fault at a time while decoding.
                cache.Advance([], prompt.Length);
                cache.PrepareForDecoding();
                firstMs = clock.Elapsed.TotalMilliseconds;
            }

            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, length), [1, length]);
            using var logits = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, cutToLast ? 1 : ids.Length, config.VocabSize]);
            var runStart = Stopwatch.GetTimestamp();
            model.Session.Run(runOptions, inputNames, new[] { idsValue, maskValue }.Concat(buffers).ToArray(), outputNames, new[] { logits }.Concat(buffers).ToArray());
            decodeRunTime += tokens.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(runStart);
            var last = logits.GetTensorDataAsSpan<float>()[^config.VocabSize..];
            var token = TensorPrimitives.IndexOfMax(last);
            tokens.Add(token);
            if (tokens.Count == 1)
            {
                firstMs = clock.Elapsed.TotalMilliseconds;
            }

            if (tokens.Count == maxNew || config.EosTokenIds.Contains(token))
            {
                break;
            }

            ids = [token];
            length++;
        }

        var decode = clock.Elapsed - TimeSpan.FromMilliseconds(firstMs);
        return (tokens.ToArray(), firstMs, PerSecond(tokens.Count - 1, decode), PerToken(tokens.Count - 1, decode - decodeRunTime));
    }
}
