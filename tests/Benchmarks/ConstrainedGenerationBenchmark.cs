using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Tokenization;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Constrained decoding on the tiny Phi-3 fixture (CPU): tokens/s with a JSON Schema constraint against the same loop unconstrained,
/// runs interleaved in the same process; the vocabulary/trie build per tokenizer; the cost of one mask (warm cache: per token; cold:
/// per new automaton state). llguidance publishes ≈50 µs of CPU per token for a 128k tokenizer (README, MaskBench).
/// </summary>
public sealed class ConstrainedGenerationBenchmark : IBenchmark
{
    private const string Schema = """
        {"type":"object","properties":{"query":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"limit":{"type":"integer"}},
         "required":["query","tags","limit"],"additionalProperties":false}
        """;

    /// <inheritdoc />
    public string Name => "constrained";

    /// <inheritdoc />
    public string Description => "JSON Schema constrained vs unconstrained tokens/s, trie build per tokenizer, µs per token of masking (tiny Phi-3 unless --model, CPU) [--model DIR --tokens N --runs R]";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        var shared = BenchmarkPaths.SharedRoot();
        var folder = BenchmarkArguments.Value(args, "--model") ?? Path.Combine(shared, "mirror", "hf", "skplugins-testing", "tiny-random-phi3");
        var tokens = int.Parse(BenchmarkArguments.Value(args, "--tokens") ?? "64", CultureInfo.InvariantCulture);
        var runs = int.Parse(BenchmarkArguments.Value(args, "--runs") ?? "9", CultureInfo.InvariantCulture);
        using var model = CausalLanguageModel.Load(folder, new HuggingFaceGenerationTokenizerFactory(), ExecutionProviderPreference.Cpu);

        Console.WriteLine("| tokenizer | tokens | trie nodes | vocabulary + trie build (ms) | trie alone (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var vocabulary = Timed("Phi-3 (SentencePiece, tokenizer.json)", () => TokenVocabulary.FromTokenizerJson(Path.Combine(folder, "tokenizer.json"), model.Config.VocabSize));
        Timed("RoBERTa (byte-level, vocab.json)", () => TokenVocabulary.FromByteLevelVocabJson(Path.Combine(shared, "mirror/hf/FacebookAI/roberta-base/vocab.json"), ["<s>", "</s>", "<pad>", "<unk>", "<mask>"]));
        Timed("StarCoder2 (byte-level, vocab.json)", () => TokenVocabulary.FromByteLevelVocabJson(Path.Combine(shared, "mirror/hf/bigcode/starcoder2-15b/vocab.json"), ["<|endoftext|>"]));
        Console.WriteLine();

        var constraint = JsonSchemaConstraint.Create(JsonDocument.Parse(Schema).RootElement, vocabulary);
        IReadOnlyList<IReadOnlyList<int>> prompt = [model.Encode("<|user|>\nSearch as JSON.<|end|>\n<|assistant|>\n")];
        var free = GenerationSettings.Greedy with { MaxNewTokens = tokens, StopOnEos = false };
        var constrained = free with { Constraint = constraint };

        // Cold: the first constrained run computes the masks of the states it meets.
        var cold = Stopwatch.StartNew();
        var output = model.Generate(prompt, constrained, null, CancellationToken.None).OutputIds[0];
        cold.Stop();
        var coldBuilds = constraint.MaskBuilds;
        var coldBuildMs = constraint.MaskBuildTime.TotalMilliseconds;
        model.Generate(prompt, free, null, CancellationToken.None);

        var unconstrainedMs = new List<double>();
        var constrainedMs = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            unconstrainedMs.Add(model.Generate(prompt, free, null, CancellationToken.None).Elapsed.TotalMilliseconds);
            constrainedMs.Add(model.Generate(prompt, constrained, null, CancellationToken.None).Elapsed.TotalMilliseconds);
        }

        var perToken = MaskMicroseconds(constraint, output, model.Config.EosTokenIds, model.Config.VocabSize);
        var u = BenchmarkStatistics.Median(unconstrainedMs);
        var c = BenchmarkStatistics.Median(constrainedMs);
        Console.WriteLine($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}, CPU, greedy, {tokens} new tokens, median of {runs} interleaved runs; output: {model.Tokenizer.Decode(output.Where(t => !model.Config.EosTokenIds.Contains(t)))}");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(Invariant($"| unconstrained tokens/s | {tokens / (u / 1000):F0} |"));
        Console.WriteLine(Invariant($"| constrained tokens/s (warm mask cache) | {tokens / (c / 1000):F0} |"));
        Console.WriteLine(Invariant($"| constrained / unconstrained time | {c / u:F3} ({(c / u - 1) * 100:+0.0;-0.0}%; goal ≤ +10%) |"));
        Console.WriteLine(Invariant($"| masking per token, warm cache (µs) | {perToken:F1} (llguidance: ≈50 µs per token, 128k tokenizer) |"));
        Console.WriteLine(Invariant($"| first run (cold cache): new states, mask build per state (ms) | {coldBuilds}, {coldBuildMs / Math.Max(1, coldBuilds):F2} |"));
        Console.WriteLine(Invariant($"| first constrained run total (ms) | {cold.Elapsed.TotalMilliseconds:F0} |"));
        return Task.FromResult(0);
    }

    /// <summary>Replays the output through a fresh state with a warm cache and times Mask + Accept per token.</summary>
    private static double MaskMicroseconds(JsonSchemaConstraint constraint, IReadOnlyList<int> output, IReadOnlyList<int> eos, int vocab)
    {
        var logits = new float[vocab];
        var masked = new float[vocab];
        const int repeats = 50;
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        for (var r = 0; r < repeats; r++)
        {
            var state = constraint.CreateState(eos);
            foreach (var token in output)
            {
                state.Mask(logits, masked);
                state.Accept(token);
                count++;
            }
        }

        return stopwatch.Elapsed.TotalMicroseconds / count;
    }

    private static TokenVocabulary Timed(string label, Func<TokenVocabulary> build)
    {
        var stopwatch = Stopwatch.StartNew();
        var vocabulary = build();
        Console.WriteLine(Invariant($"| {label} | {vocabulary.Count} | {vocabulary.Trie.NodeCount} | {stopwatch.Elapsed.TotalMilliseconds:F0} | {vocabulary.TrieBuildTime.TotalMilliseconds:F0} |"));
        return vocabulary;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
