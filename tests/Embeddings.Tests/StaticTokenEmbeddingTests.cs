using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SkPlugins.Embeddings.Onnx.StaticEmbeddings;
using Xunit;
using Xunit.Abstractions;

namespace SkPlugins.Embeddings.Tests;

[Collection(ModelCollection.Name)]
public sealed class StaticTokenEmbeddingTests(ModelFixture fixture, ITestOutputHelper output)
{
    private const string WordEmbeddings = "embeddings.word_embeddings.weight";

    [Fact]
    public void MatrixIsTheModelsWordEmbeddingInitializer()
    {
        var table = fixture.Model.GetStaticTokenEmbeddings();
        Assert.Equal(WordEmbeddings, table.InitializerName);
        Assert.Equal(30522, table.VocabularySize);
        Assert.Equal(384, table.Dimensions);
    }

    /// <summary>ONNX Runtime reads the same initializer when the graph is edited to output it: the values must be identical.</summary>
    [Fact]
    public void MatrixEqualsWhatOnnxRuntimeReadsForTheSameInitializer()
    {
        var reference = ReadWithOnnxRuntime();
        var table = fixture.Model.GetStaticTokenEmbeddings();
        Assert.Equal(reference.Length, table.VocabularySize * table.Dimensions);
        for (var id = 0; id < table.VocabularySize; id += 97)
        {
            Assert.True(table.GetVector(id).Span.SequenceEqual(reference.AsSpan(id * 384, 384)), $"row {id} differs");
        }

        var king = table.GetVector("king").Span;
        Assert.True(king.SequenceEqual(reference.AsSpan(fixture.Model.GetTokenEmbeddings("king").TokenIds[1] * 384, 384)));
    }

    [Fact]
    public void MostSimilarMatchesABruteForceRankingOverTheReferenceMatrix()
    {
        var reference = ReadWithOnnxRuntime();
        var kingId = fixture.Model.GetTokenEmbeddings("king").TokenIds[1];
        var query = reference.AsSpan(kingId * 384, 384).ToArray();
        var expected = Enumerable.Range(0, 30522).Where(i => i != kingId)
            .Select(i => (Id: i, Cosine: TensorPrimitives.CosineSimilarity(query, reference.AsSpan(i * 384, 384))))
            .OrderByDescending(x => x.Cosine).Take(5).ToList();

        var actual = fixture.Model.GetStaticTokenEmbeddings().MostSimilar("king", 5);
        output.WriteLine(string.Join(", ", actual.Select(s => $"{s.Token} {s.Similarity:F4}")));
        Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i].Cosine, actual[i].Similarity, 4);
        }
    }

    [Fact]
    public void UnknownOrMultiPieceTokensAreRejectedWithTheirPieces()
    {
        var ex = Assert.Throws<ArgumentException>(() => fixture.Model.GetStaticTokenEmbeddings().MostSimilar("unbelievably"));
        Assert.Contains("not a single vocabulary token", ex.Message);
    }

    [Fact]
    public void ReaderReportsATruncatedFileClearly()
    {
        var bytes = ModelFixture.Resource("model.onnx");
        var ex = Assert.Throws<InvalidDataException>(() => OnnxInitializerReader.ReadMatrix(bytes.AsSpan(0, bytes.Length / 2), _ => true, "half.onnx"));
        Assert.Contains("half.onnx", ex.Message);
    }

    private static float[] ReadWithOnnxRuntime()
    {
        var model = OnnxProto.WithInitializerOutput(ModelFixture.Resource("model.onnx"), WordEmbeddings, 30522, 384);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        long[] shape = [1, 3];
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 101, 7592, 102 }, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, 1 }, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[3], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types }
            .Where(kv => session.InputMetadata.ContainsKey(kv.Key)).ToDictionary();
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, [WordEmbeddings]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
