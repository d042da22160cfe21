using System.Numerics.Tensors;
using SkPlugins.Core.Artifacts;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.Embeddings.Onnx.Pooling;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>Hub-style model folders (ONNX export + sentence-transformers configuration) loaded through the artifact resolver.</summary>
[Collection(ModelCollection.Name)]
public sealed class ModelFolderTests(ModelFixture fixture)
{
    private const string Repo = "skplugins-testing/minilm-onnx";

    [Fact]
    public async Task FolderWithMeanPoolingAndNormalizeMatchesTheBuiltInModel()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, pooling: "mean", normalize: true, maxSeqLength: 256);
        using var model = await OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path));
        Assert.Equal(Repo, model.Name);
        Assert.Equal(new(PoolingMode.Mean, true, 256, true), model.Config);
        var sentences = ModelFixture.TestLines("parity-sentences.txt").Take(20).ToArray();
        var ours = model.Embed(sentences);
        var builtIn = fixture.Model.Embed(sentences);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(ours[i], builtIn[i]) > 0.99999f);
        }
    }

    [Fact]
    public async Task FolderConfigurationChoosesPoolingNormalisationAndLength()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, pooling: "cls", normalize: false, maxSeqLength: 8);
        using var model = await OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path));
        Assert.Equal(new(PoolingMode.Cls, false, 8, true), model.Config);
        const string text = "one two three four five six seven eight nine ten";
        var tokens = model.GetTokenEmbeddings(text);
        Assert.Equal(8, tokens.Tokens.Count);
        var vector = model.Embed([text])[0];
        Assert.True(vector.AsSpan().SequenceEqual(tokens.GetVector(0).Span), "CLS pooling returns the first token's vector");
        Assert.True(TensorPrimitives.Norm(vector) > 1.5f, "without a Normalize module the vector keeps its length");
    }

    [Fact]
    public async Task MaxPoolingTakesTheElementwiseMaximumOverRealTokens()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, pooling: "max", normalize: false, maxSeqLength: 128);
        using var model = await OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path));
        var tokens = model.GetTokenEmbeddings("max pooling");
        var expected = tokens.GetVector(0).ToArray();
        for (var i = 1; i < tokens.Tokens.Count; i++)
        {
            TensorPrimitives.Max(expected, tokens.GetVector(i).Span, expected);
        }

        var pooled = model.Embed(["max pooling", "a longer sentence so that the first one is padded in the batch"])[0];
        Assert.True(TensorPrimitives.CosineSimilarity(expected, pooled) > 0.99999f);
    }

    [Fact]
    public async Task TruncatedModelFileIsAClearError()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, "mean", true, 256);
        var onnx = Path.Combine(folder.Path, "onnx", "model.onnx");
        var bytes = await File.ReadAllBytesAsync(onnx);
        await File.WriteAllBytesAsync(onnx, bytes[..(bytes.Length / 3)]);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains(onnx, ex.Message);
    }

    [Fact]
    public async Task NonOnnxFileIsAClearError()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, "mean", true, 256);
        var onnx = Path.Combine(folder.Path, "onnx", "model.onnx");
        await File.WriteAllTextAsync(onnx, "<html>404 not found</html>");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains("not a loadable ONNX model", ex.Message);
    }

    [Fact]
    public async Task ModelWithoutHiddenStateOutputIsAClearError()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, "mean", true, 256);
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "onnx", "model.onnx"), OnnxProto.IdentityModel());
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains("no hidden-state output", ex.Message);
        Assert.Contains("out Int64", ex.Message);
    }

    [Fact]
    public async Task MissingVocabularyNamesTheFileAndWhereItLooked()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, "mean", true, 256);
        File.Delete(Path.Combine(folder.Path, "vocab.txt"));
        var ex = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains("vocab.txt", ex.Message);
    }

    [Fact]
    public async Task UnsupportedModulesAndPoolingAreRejected()
    {
        using var folder = new TempFolder("emb-model");
        WriteModelFolder(folder.Path, "mean", true, 256);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "1_Pooling", "config.json"), """{"pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": true}""");
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains("config.json", ex.Message);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "1_Pooling", "config.json"), "{ not json");
        var bad = await Assert.ThrowsAsync<InvalidDataException>(() => OnnxEmbeddingModel.LoadAsync(Repo, resolver: Resolver(folder.Path)));
        Assert.Contains("not valid JSON", bad.Message);
    }

    private static ArtifactResolver Resolver(string folder) => ArtifactResolver.CreateDefault(o =>
    {
        o.Offline = true;
        o.Mirrors.Clear();
        o.HubCache = Path.Combine(folder, "no-cache");
        o.Paths[Repo] = folder;
    });

    /// <summary>Lays out a Hub-style folder from the package's resources and configuration files written here.</summary>
    private static void WriteModelFolder(string root, string pooling, bool normalize, int maxSeqLength)
    {
        Directory.CreateDirectory(Path.Combine(root, "onnx"));
        Directory.CreateDirectory(Path.Combine(root, "1_Pooling"));
        File.WriteAllBytes(Path.Combine(root, "onnx", "model.onnx"), ModelFixture.Resource("model.onnx"));
        File.WriteAllBytes(Path.Combine(root, "vocab.txt"), ModelFixture.Resource("vocab.txt"));
        var modules = """[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}""";
        modules += normalize ? """,{"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""" : "]";
        File.WriteAllText(Path.Combine(root, "modules.json"), modules);
        File.WriteAllText(Path.Combine(root, "1_Pooling", "config.json"), $$"""
            {"word_embedding_dimension": 384, "pooling_mode_cls_token": {{(pooling == "cls" ? "true" : "false")}},
             "pooling_mode_mean_tokens": {{(pooling == "mean" ? "true" : "false")}}, "pooling_mode_max_tokens": {{(pooling == "max" ? "true" : "false")}},
             "pooling_mode_mean_sqrt_len_tokens": false}
            """);
        File.WriteAllText(Path.Combine(root, "sentence_bert_config.json"), $$"""{"max_seq_length": {{maxSeqLength}}, "do_lower_case": false}""");
        File.WriteAllText(Path.Combine(root, "tokenizer_config.json"), """{"do_lower_case": true, "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}""");
    }
}
