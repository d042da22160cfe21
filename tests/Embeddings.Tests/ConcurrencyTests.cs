using System.Numerics.Tensors;
using SkPlugins.Embeddings.Onnx;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

[Collection(ModelCollection.Name)]
public sealed class ConcurrencyTests(ModelFixture fixture)
{
    [Fact]
    public async Task SixtyFourParallelCallsGiveTheSerialVectors()
    {
        var sentences = ModelFixture.TestLines("parity-sentences.txt").Take(64).ToArray();
        var serial = sentences.Select(s => fixture.Model.Embed([s])[0]).ToArray();
        var parallel = await Task.WhenAll(sentences.Select(s => Task.Run(() => fixture.Model.Embed([s])[0])));
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(serial[i].Length, parallel[i].Length);
            for (var d = 0; d < serial[i].Length; d++)
            {
                Assert.True(Math.Abs(serial[i][d] - parallel[i][d]) <= 1e-6f, $"sentence {i} dimension {d}: {serial[i][d]} vs {parallel[i][d]}");
            }
        }
    }

    [Fact]
    public async Task ConcurrentBatchesGiveTheSameVectorsAsSequentialBatches()
    {
        var sentences = ModelFixture.TestLines("parity-sentences.txt");
        using var sequential = await OnnxEmbeddingModel.LoadAsync(options: new OnnxEmbeddingOptions { BatchSize = 32, IntraOpThreads = 0, ConcurrentBatches = 1 });
        var expected = sequential.Embed(sentences);
        var actual = fixture.Model.Embed(sentences);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], actual[i]) > 0.99999f, sentences[i]);
        }
    }
}
