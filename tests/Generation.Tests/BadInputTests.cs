using SkPlugins.Core.Onnx;
using System.Text.Json.Nodes;
using SkPlugins.Generation;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>Missing or corrupt files, configs that disagree with the graph, and over-long prompts give clear errors.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void MissingFolderIsNamed()
    {
        var error = Assert.Throws<GenerationModelException>(() => CausalLanguageModel.Load("/nonexistent/phi3", TinyPhi3.TokenizerFactory()));
        Assert.Contains("/nonexistent/phi3", error.Message);
    }

    [SkippableFact]
    public void MissingConfigIsNamed()
    {
        using var folder = ModelCopy(config: null);
        File.Delete(Path.Combine(folder.Path, "genai_config.json"));
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains("genai_config.json", error.Message);
    }

    [SkippableFact]
    public void MissingOnnxFileIsNamed()
    {
        using var folder = ModelCopy(config: c => c["model"]!["decoder"]!["filename"] = "decoder.onnx");
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains("decoder.onnx", error.Message);
    }

    [SkippableFact]
    public void CorruptOnnxFileIsReported()
    {
        using var folder = ModelCopy(config: null, linkModel: false);
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), [0x08, 0x07, 0xFF, 0x00, 0x13, 0x37]);
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains("model.onnx", error.Message);
        Assert.Contains("could not be loaded", error.Message);
    }

    [SkippableFact]
    public void CorruptConfigIsReported()
    {
        using var folder = ModelCopy(config: null);
        File.WriteAllText(Path.Combine(folder.Path, "genai_config.json"), "{ \"model\": { ");
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains("not valid JSON", error.Message);
    }

    [SkippableTheory]
    [InlineData("num_hidden_layers", 3, "past_key_values.2.key")]
    [InlineData("num_hidden_layers", 1, "past_key_values.1.key")]
    [InlineData("head_size", 8, "head_size is 8")]
    [InlineData("num_key_value_heads", 2, "num_key_value_heads is 2")]
    public void ConfigDisagreeingWithGraphIsNamed(string key, int value, string expectedInMessage)
    {
        using var folder = ModelCopy(config: c => c["model"]!["decoder"]![key] = value);
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains(expectedInMessage, error.Message);
        Assert.Contains("disagree", error.Message);
    }

    [SkippableFact]
    public void WrongInputNameIsNamed()
    {
        using var folder = ModelCopy(config: c => c["model"]!["decoder"]!["inputs"]!["attention_mask"] = "mask");
        var error = Assert.Throws<GenerationModelException>(() => Load(folder));
        Assert.Contains("'mask'", error.Message);
        Assert.Contains("'attention_mask'", error.Message);
    }

    [SkippableFact]
    public void PromptLongerThanContextIsRejected()
    {
        using var folder = ModelCopy(config: c => c["model"]!["context_length"] = 16);
        using var model = Load(folder);
        var error = Assert.Throws<ArgumentException>(() => model.Generate([Enumerable.Repeat(450, 16).ToArray()], null, null, CancellationToken.None));
        Assert.Contains("context_length is 16", error.Message);

        // A prompt that fits gets only the room left in the context.
        var result = model.Generate([Enumerable.Repeat(450, 12).ToArray()], GenerationSettings.Greedy with { StopOnEos = false }, null, CancellationToken.None);
        Assert.Equal(4, result.OutputIds[0].Count);
    }

    [SkippableFact]
    public void BadPromptsAreRejected()
    {
        var model = TinyPhi3.Model;
        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => model.Generate([[1, 40000]], null, null, CancellationToken.None)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => model.Generate([[]], null, null, CancellationToken.None)).Message);
        Assert.Throws<ArgumentException>(() => model.Generate([], null, null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task CancellationStopsGeneration()
    {
        var prompt = TinyPhi3.Cases()["prompt1_email"].Prompts();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TinyPhi3.Model.GenerateAsync(prompt, null, cancelled.Token));

        using var midway = new CancellationTokenSource();
        var steps = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var step in TinyPhi3.Model.GenerateStepsAsync(prompt, GenerationSettings.Greedy with { StopOnEos = false }, midway.Token))
            {
                if (++steps == 3)
                {
                    await midway.CancelAsync();
                }
            }
        });
        Assert.Equal(3, steps);
    }

    private static CausalLanguageModel Load(TempFolder folder) =>
        CausalLanguageModel.Load(folder.Path, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cpu);

    /// <summary>A scratch model folder: the fixture's files linked (never copied into the repository), the config optionally edited.</summary>
    private static TempFolder ModelCopy(Action<JsonNode>? config, bool linkModel = true)
    {
        var source = TinyPhi3.Folder;
        var folder = new TempFolder();
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" }.Concat(linkModel ? ["model.onnx"] : []))
        {
            File.CreateSymbolicLink(Path.Combine(folder.Path, file), Path.Combine(source, file));
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "genai_config.json")))!;
        config?.Invoke(json);
        File.WriteAllText(Path.Combine(folder.Path, "genai_config.json"), json.ToJsonString());
        return folder;
    }
}
