using SkPlugins.Core.Onnx;
using SkPlugins.Core.Artifacts;
using SkPlugins.Generation;
using SkPlugins.Generation.Model;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>genai_config.json parsing, execution provider choice and model folder resolution.</summary>
public sealed class ModelLoadingTests
{
    [SkippableFact]
    public void ReadsFixtureConfig()
    {
        var config = GenAIConfig.Load(Path.Combine(TinyPhi3.Folder, GenAIConfig.FileName));
        Assert.Equal("phi3", config.ModelType);
        Assert.Equal([32000, 32001, 32007], config.EosTokenIds);
        Assert.Equal((2, 4, 4, 16, 4096, 32064), (config.NumHiddenLayers, config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadSize, config.ContextLength, config.VocabSize));
        Assert.Equal("past_key_values.1.value", config.PastValueName(1));
        Assert.Equal("present.0.key", config.PresentKeyName(0));
        Assert.False(config.PastPresentShareBuffer);
        Assert.Null(config.PositionIdsName);
    }

    [Fact]
    public void ConfigErrorsNameTheMissingKey()
    {
        using var folder = new TempFolder();
        var path = folder.File("genai_config.json");
        File.WriteAllText(path, """{"model": {"type": "phi3", "decoder": {"filename": "m.onnx"}}}""");
        var error = Assert.Throws<GenerationModelException>(() => GenAIConfig.Load(path));
        Assert.Contains("'inputs'", error.Message);
        Assert.Contains(path, error.Message);

        File.WriteAllText(path, """{"model": {"type": "phi3", "decoder": {"filename": "m.onnx", "num_attention_heads": "many", "inputs": {}, "outputs": {}}}}""");
        Assert.Contains("'num_attention_heads' must be an integer", Assert.Throws<GenerationModelException>(() => GenAIConfig.Load(path)).Message);
    }

    [Fact]
    public void SingleEosIdAndSharedBufferAreRead()
    {
        using var folder = new TempFolder();
        var path = folder.File("genai_config.json");
        File.WriteAllText(path, """
            {"model": {"type": "phi3", "bos_token_id": 1, "pad_token_id": 32000, "eos_token_id": 32007, "context_length": 4096, "vocab_size": 32064,
              "decoder": {"filename": "model.onnx", "head_size": 96, "hidden_size": 3072, "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key", "present_value_names": "present.%d.value"}}},
             "search": {"past_present_share_buffer": true, "max_length": 4096}}
            """);
        var config = GenAIConfig.Load(path);
        Assert.Equal([32007], config.EosTokenIds);
        Assert.True(config.PastPresentShareBuffer);
        Assert.Equal(4096, config.SearchMaxLength);
        Assert.Equal("past_key_values.31.key", config.PastKeyName(31));
        Assert.Null(config.IntraOpThreads);
    }

    [Fact]
    public void SessionThreadsAreReadAndCheckedAsOrtGenAIReadsThem()
    {
        using var folder = new TempFolder();
        var path = folder.File("genai_config.json");
        string Config(string threads) => """
            {"model": {"type": "phi3", "bos_token_id": 1, "pad_token_id": 32000, "eos_token_id": 32007, "context_length": 4096, "vocab_size": 32064,
              "decoder": {"filename": "model.onnx", "head_size": 96, "num_attention_heads": 32, "num_hidden_layers": 32,
                "session_options": {"log_id": "onnxruntime-genai", "intra_op_num_threads": THREADS},
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "past_key_names": "k.%d", "past_value_names": "v.%d"},
                "outputs": {"logits": "logits", "present_key_names": "pk.%d", "present_value_names": "pv.%d"}}}}
            """.Replace("THREADS", threads, StringComparison.Ordinal);
        File.WriteAllText(path, Config("3"));
        Assert.Equal(3, GenAIConfig.Load(path).IntraOpThreads);

        File.WriteAllText(path, Config("-2"));
        var error = Assert.Throws<GenerationModelException>(() => GenAIConfig.Load(path)).Message;
        Assert.Contains("'intra_op_num_threads' must be 0", error);
        Assert.Contains(path, error);

        File.WriteAllText(path, Config("\"four\""));
        Assert.Contains("'intra_op_num_threads' must be an integer", Assert.Throws<GenerationModelException>(() => GenAIConfig.Load(path)).Message);

        // Unset: ONNX Runtime GenAI's rule, half the logical processors within [1, 16].
        Assert.InRange(CausalLanguageModel.DefaultIntraOpThreads, 1, 16);
        Assert.Equal(Math.Max(1, Math.Min(16, Environment.ProcessorCount / 2)), CausalLanguageModel.DefaultIntraOpThreads);
    }

    [SkippableFact]
    public void TheTokenizerIsReadOnFirstUseAndItsErrorsNameTheFolder()
    {
        using var folder = new TempFolder();
        foreach (var file in new[] { "model.onnx", GenAIConfig.FileName })
        {
            File.CreateSymbolicLink(folder.File(file), Path.Combine(TinyPhi3.Folder, file));
        }

        // No tokenizer.json: ids in, ids out still works; the tokenizer's error comes when it is first needed.
        using var model = CausalLanguageModel.Load(folder.Path, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cpu);
        var expected = TinyPhi3.Cases()["prompt4_chat_stops_on_eos"];
        Assert.Equal(expected.NewTokens[0], model.Generate(expected.Prompts(), null, null, CancellationToken.None).OutputIds[0]);
        var error = Assert.Throws<GenerationModelException>(() => model.Tokenizer);
        Assert.Contains(folder.Path, error.Message);
    }

    [SkippableFact]
    public void AutoFallsBackAndCudaOnlyFailsClearlyWithoutCuda()
    {
        using var auto = CausalLanguageModel.Load(TinyPhi3.Folder, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Auto);
        Assert.Equal(TinyPhi3.Cases()["prompt4_chat_stops_on_eos"].NewTokens[0],
            auto.Generate(TinyPhi3.Cases()["prompt4_chat_stops_on_eos"].Prompts(), null, null, CancellationToken.None).OutputIds[0]);
        if (auto.ExecutionProvider == ExecutionProviderKind.Cpu)
        {
            var error = Assert.Throws<GenerationModelException>(() => CausalLanguageModel.Load(TinyPhi3.Folder, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cuda));
            Assert.Contains("ExecutionProvider=Cuda", error.Message);
        }
    }

    [SkippableFact]
    public async Task ResolvesFolderPathsAndRepoIds()
    {
        var resolver = ArtifactResolver.CreateDefault(o =>
        {
            o.Mirrors.Add(SharedData.Mirror);
            o.Offline = true;
        });
        Assert.Equal(Path.GetFullPath(TinyPhi3.Folder), await GenerationModelProvider.ResolveFolderAsync(TinyPhi3.Folder, "ignored", resolver));
        var fromRepo = await GenerationModelProvider.ResolveFolderAsync(TinyPhi3.Repo, "", resolver);
        Assert.True(File.Exists(Path.Combine(fromRepo, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(fromRepo, GenAIConfig.FileName)));
        await Assert.ThrowsAsync<GenerationModelException>(() => GenerationModelProvider.ResolveFolderAsync("./no/such/folder", null, resolver));
    }
}
