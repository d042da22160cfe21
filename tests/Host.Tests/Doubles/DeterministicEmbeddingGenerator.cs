using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Tests.Doubles;

/// <summary>Stands in for the ONNX generator: an 8-dimensional vector computed from the text's characters (same text, same vector).</summary>
public sealed class DeterministicEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 8;
    public const string ModelId = "test-embedder";


    public static float[] VectorOf(string text)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < text.Length; i++)
        {
            vector[i % Dimensions] += (text[i] % 31) / 31f;
        }

        vector[Dimensions - 1] += text.Length;
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => norm == 0 ? 0 : v / norm).ToArray();
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Select(t =>
        {
            var vector = VectorOf(t);
            return new Embedding<float>(options?.Dimensions is { } d && d < Dimensions ? vector[..d] : vector) { ModelId = ModelId };
        }))
        {
            Usage = new UsageDetails { InputTokenCount = texts.Sum(t => t.Split(' ').Length), TotalTokenCount = texts.Sum(t => t.Split(' ').Length) },
        };
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, ModelId, Dimensions)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
