using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>
/// Greedy parity with Microsoft's own loop, Microsoft.ML.OnnxRuntimeGenAI 0.18 (CPU), on a Phi-3-mini-shaped int4 folder
/// (MatMulNBits, GroupQueryAttention with rotary caches, SkipSimplifiedLayerNormalization, shared past/present buffer) made by
/// <c>tests/tools/generation/make_phi3_int4.py --size narrow</c>. ORT GenAI runs in its own process (tests/tools/generation/
/// OrtGenAIRunner) so its CPU ONNX Runtime never meets the GPU build loaded here. .ci/run makes the folder and builds the runner,
/// and sets <c>SKPLUGINS_PHI3_NARROW</c>; without them the test is skipped and says how to get them.
/// </summary>
public sealed class OrtGenAIParityTests
{
    private const int NewTokens = 32;

    private static readonly int[] s_bookIds =
        [1, 14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420, 920, 372, 9559, 29889, 32001];

    [SkippableFact]
    public void GreedyIdsEqualOrtGenAIsForBookChatAndLongPrompts()
    {
        var folder = NarrowFolder();
        var runner = Runner();
        using var model = CausalLanguageModel.Load(folder, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cpu);
        Assert.True(model.Config.PastPresentShareBuffer, "the narrow folder should use the shared past/present buffer");
        var prompts = new Dictionary<string, int[]>
        {
            ["book"] = s_bookIds,
            ["chat"] = model.Encode(Phi3ChatTemplate.Render([new ChatMessage(ChatRole.User, "What is the capital of France? Answer in one word.")])).ToArray(),
            ["long"] = LongPrompt(model, 1000),
        };
        Assert.Equal(s_bookIds, model.Encode("Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>"));
        Assert.Equal(1000, prompts["long"].Length);

        var reference = RunOrtGenAI(runner, folder, prompts);
        var settings = GenerationSettings.Greedy with { MaxNewTokens = NewTokens };
        foreach (var (name, ids) in prompts)
        {
            var ours = model.Generate([ids], settings, null, CancellationToken.None).OutputIds[0];
            Assert.True(reference[name].Length > 0, $"ORT GenAI generated nothing for {name}");
            Assert.Equal(reference[name], ours.ToArray());
            Assert.True(ours.Distinct().Count() > 3, $"{name}: the random model should not collapse to one token");
        }
    }

    /// <summary>BOS, then text tokens up to <paramref name="length"/> ids, ending on the assistant tag.</summary>
    private static int[] LongPrompt(CausalLanguageModel model, int length)
    {
        const string Paragraph = "The quick brown fox jumps over the lazy dog near the riverbank, while seven wizards quietly brew potions of 42 colours. ";
        var ids = model.Encode(string.Concat(Enumerable.Repeat(Paragraph, 60))).ToList();
        return ids.Take(length - 1).Append(32001).ToArray();
    }

    private static Dictionary<string, int[]> RunOrtGenAI(string runner, string folder, Dictionary<string, int[]> prompts)
    {
        using var temp = new TempFolder();
        var promptFile = Path.Combine(temp.Path, "prompts.json");
        File.WriteAllText(promptFile, JsonSerializer.Serialize(new { prompts = prompts.Select(p => new { name = p.Key, ids = p.Value }) }));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { runner, "--model", folder, "--prompts", promptFile, "--max-new-tokens", NewTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the ORT GenAI runner");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the ORT GenAI runner did not finish in 5 minutes");
        Assert.True(process.ExitCode == 0, $"the ORT GenAI runner failed ({process.ExitCode}): {stderr.Result}");
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => r.GetProperty("new_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray());
    }

    private static string NarrowFolder()
    {
        var folder = Environment.GetEnvironmentVariable("SKPLUGINS_PHI3_NARROW");
        Skip.If(string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "genai_config.json")),
            "SKPLUGINS_PHI3_NARROW names no model folder: make one with `/usr/bin/python3 tests/tools/generation/make_phi3_int4.py DIR --size narrow` (.ci/run does)");
        return folder!;
    }

    private static string Runner()
    {
        var runner = Environment.GetEnvironmentVariable("SKPLUGINS_ORTGENAI_RUNNER")
            ?? Path.Combine(SharedData.RepoRoot, "tests", "tools", "generation", "OrtGenAIRunner", "bin", "Release", "net10.0", "ortgenai-runner.dll");
        Skip.IfNot(File.Exists(runner), $"{runner} is not built: `dotnet build -c Release tests/tools/generation/OrtGenAIRunner` (.ci/run does)");
        return runner;
    }
}
