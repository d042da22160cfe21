using System.Text.Json;
using SkPlugins.Core.Artifacts;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>
/// Sentence-transformers folders whose tokenizer is a <c>tokenizer.json</c> of a kind no real embedding model here uses — BPE
/// (Phi-3's) and Unigram (T5's) — over a tiny ONNX encoder. Expected ids are Hugging Face tokenizers' own, expected vectors were
/// computed from them with numpy (<c>tests/tools/embeddings/make_tiny_encoder.py</c>, output committed).
/// </summary>
public sealed class TokenizerJsonModelTests
{
    private static readonly JsonElement s_expected = JsonDocument.Parse(File.ReadAllText(TestData("tiny-sine-encoder-expected.json"))).RootElement;

    public static TheoryData<string> Kinds() => ["bpe", "unigram"];

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task ModelFolderWithTokenizerJsonGivesTheReferenceIdsAndVectors(string kind)
    {
        var expected = s_expected.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == kind);
        var tokenizer = expected.GetProperty("tokenizer").GetString()!;
        var tokenizerJson = SharedData.Require($"mirror/hf/{tokenizer}/tokenizer.json");
        using var folder = new TempFolder("emb-tokenizer-json");
        WriteModelFolder(folder.Path, tokenizerJson);
        const string repo = "skplugins-testing/tiny-sine-encoder";
        using var model = await OnnxEmbeddingModel.LoadAsync(repo, new OnnxEmbeddingOptions { ExecutionProvider = SkPlugins.Core.Onnx.ExecutionProviderPreference.Cpu }, Resolver(repo, folder.Path));

        var cases = expected.GetProperty("cases").EnumerateArray().ToArray();
        var texts = cases.Select(c => c.GetProperty("text").GetString()!).ToArray();
        foreach (var (text, c) in texts.Zip(cases))
        {
            Assert.Equal(c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()), model.GetTokenEmbeddings(text).TokenIds);
        }

        var vectors = model.Embed(texts); // one call: padded batches, so masking matters
        for (var i = 0; i < cases.Length; i++)
        {
            var want = cases[i].GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(want, vectors[i], (a, b) => Math.Abs(a - b) < 2e-5f);
        }
    }

    [SkippableFact]
    public async Task PromptsFromTheConfigGoBeforeTheTextWhenNamed()
    {
        var tokenizerJson = SharedData.Require("mirror/hf/google-t5/t5-small/tokenizer.json");
        using var folder = new TempFolder("emb-prompts");
        WriteModelFolder(folder.Path, tokenizerJson);
        File.WriteAllText(Path.Combine(folder.Path, "config_sentence_transformers.json"), """{"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": null}""");
        const string repo = "skplugins-testing/tiny-sine-encoder";
        using var model = await OnnxEmbeddingModel.LoadAsync(repo, new OnnxEmbeddingOptions { ExecutionProvider = SkPlugins.Core.Onnx.ExecutionProviderPreference.Cpu }, Resolver(repo, folder.Path));
        Assert.Equal("query: ", model.Prompts["query"]);
        using var generator = new OnnxSentenceEmbeddingGenerator(model);

        var query = await generator.GenerateAsync(["how do tokenizers work"], new() { AdditionalProperties = new() { [OnnxSentenceEmbeddingGenerator.PromptNameKey] = "query" } });
        Assert.Equal(model.Embed(["query: how do tokenizers work"])[0], query[0].Vector.ToArray());
        Assert.NotEqual(model.Embed(["how do tokenizers work"])[0], query[0].Vector.ToArray());
        var plain = await generator.GenerateAsync(["how do tokenizers work"]);
        Assert.Equal(model.Embed(["how do tokenizers work"])[0], plain[0].Vector.ToArray());
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new() { AdditionalProperties = new() { [OnnxSentenceEmbeddingGenerator.PromptNameKey] = "document" } }));
        Assert.Contains("'prompt_name' 'document'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("query, passage", ex.Message, StringComparison.Ordinal);
    }

    private static string TestData(string file) => Path.Combine(Path.GetDirectoryName(typeof(TokenizerJsonModelTests).Assembly.Location)!, "TestData", file);

    private static ArtifactResolver Resolver(string repo, string folder) => ArtifactResolver.CreateDefault(o =>
    {
        o.Offline = true;
        o.Mirrors.Clear();
        o.HubCache = Path.Combine(folder, "no-cache");
        o.Paths[repo] = folder;
    });

    private static void WriteModelFolder(string root, string tokenizerJson)
    {
        Directory.CreateDirectory(Path.Combine(root, "onnx"));
        Directory.CreateDirectory(Path.Combine(root, "1_Pooling"));
        File.Copy(TestData("tiny-sine-encoder.onnx"), Path.Combine(root, "onnx", "model.onnx"));
        File.Copy(tokenizerJson, Path.Combine(root, "tokenizer.json"));
        var config = Path.Combine(Path.GetDirectoryName(tokenizerJson)!, "tokenizer_config.json");
        if (File.Exists(config))
        {
            File.Copy(config, Path.Combine(root, "tokenizer_config.json"));
        }

        File.WriteAllText(Path.Combine(root, "modules.json"), """
            [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
             {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
             {"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]
            """);
        File.WriteAllText(Path.Combine(root, "1_Pooling", "config.json"), """{"word_embedding_dimension": 8, "pooling_mode_mean_tokens": true}""");
        File.WriteAllText(Path.Combine(root, "sentence_bert_config.json"), """{"max_seq_length": 512, "do_lower_case": false}""");
    }
}
