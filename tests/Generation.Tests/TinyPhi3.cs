using SkPlugins.Core.Onnx;
using System.Text.Json;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Tokenization;
using SkPlugins.TestSupport;

namespace SkPlugins.Generation.Tests;

/// <summary>The tiny random Phi-3 fixture of ../shared, its PyTorch references, and a model loaded once (CPU) for all tests.</summary>
public static class TinyPhi3
{
    public const string Repo = "skplugins-testing/tiny-random-phi3";
    private static readonly Lazy<CausalLanguageModel> s_model = new(() =>
        CausalLanguageModel.Load(SharedData.HubFile(Repo, ""), TokenizerFactory(), ExecutionProviderPreference.Cpu));

    /// <summary>The fixture folder (skips the test when ../shared lacks it).</summary>
    public static string Folder => SharedData.Require($"mirror/hf/{Repo}");

    /// <summary>The loaded model, shared by the tests (skips when the fixture is missing).</summary>
    public static CausalLanguageModel Model
    {
        get
        {
            _ = Folder;
            _ = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
            return s_model.Value;
        }
    }

    /// <summary>The interim tokenizer seam with the mirror's Phi-3 tokenizer.model.</summary>
    public static IGenerationTokenizerFactory TokenizerFactory() =>
        new HuggingFaceGenerationTokenizerFactory();

    /// <summary>The cases of expected_greedy.json.</summary>
    public static IReadOnlyDictionary<string, GreedyCase> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected_greedy.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(GreedyCase.From).ToDictionary(c => c.Name);
    }
}

/// <summary>One reference case.</summary>
public sealed record GreedyCase(
    string Name,
    int[][] InputIds,
    int[][] AttentionMask,
    int MaxNewTokens,
    bool StopOnEos,
    int[][] NewTokens,
    int[][] FirstStepTop5Ids,
    float[][] FirstStepTop5Values,
    float[][] ChosenTokenLogits)
{
    public static GreedyCase From(JsonElement e)
    {
        static int[][] Ints(JsonElement a) => a.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        static float[][] Floats(JsonElement a) => a.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
        var top5 = e.GetProperty("first_step_top5").EnumerateArray().ToList();
        return new GreedyCase(
            e.GetProperty("name").GetString()!,
            Ints(e.GetProperty("input_ids")),
            Ints(e.GetProperty("attention_mask")),
            e.GetProperty("max_new_tokens").GetInt32(),
            e.GetProperty("stop_on_eos").GetBoolean(),
            Ints(e.GetProperty("new_tokens")),
            top5.Select(t => t.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray(),
            top5.Select(t => t.GetProperty("values").EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray(),
            Floats(e.GetProperty("chosen_token_logits")));
    }

    /// <summary>The prompts without their left padding.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Prompts() =>
        InputIds.Select((row, r) => (IReadOnlyList<int>)row.Where((_, i) => AttentionMask[r][i] == 1).ToArray()).ToArray();
}
