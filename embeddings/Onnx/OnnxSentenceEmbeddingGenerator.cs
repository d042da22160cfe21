using Microsoft.Extensions.AI;

namespace SkPlugins.Embeddings.Onnx;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over an <see cref="OnnxEmbeddingModel"/>: sentence-transformers
/// embeddings computed locally with ONNX Runtime, with the token count as <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/> and
/// <see cref="EmbeddingGenerationOptions.Dimensions"/> honoured for the sizes the model declares (Matryoshka). Thread-safe; the model is shared, not owned.
/// </summary>
public sealed class OnnxSentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OnnxEmbeddingModel _model;

    /// <summary>Creates the generator over a loaded model.</summary>
    /// <param name="model">The model; the caller (or <see cref="OnnxEmbeddingModelProvider"/>) owns it.</param>
    public OnnxSentenceEmbeddingGenerator(OnnxEmbeddingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        Metadata = new EmbeddingGeneratorMetadata("onnx", providerUri: null, model.Name, model.Dimensions);
    }

    /// <summary>The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> key naming the model's prompt to put before each text (e.g. <c>query</c>).</summary>
    public const string PromptNameKey = "prompt_name";

    /// <summary>Describes the provider, model and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>The model behind this generator.</summary>
    public OnnxEmbeddingModel Model => _model;

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.ModelId is { Length: > 0 } modelId
            && !string.Equals(EmbeddingModelNames.Canonical(modelId), EmbeddingModelNames.Canonical(_model.Name), StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"this generator serves '{_model.Name}', not '{modelId}'; get another from OnnxEmbeddingModelProvider.", nameof(options));
        }

        var dimensions = options?.Dimensions ?? _model.Dimensions;
        _model.RequireDimensions(dimensions);

        var promptName = options?.AdditionalProperties?.TryGetValue(PromptNameKey, out var named) == true ? named?.ToString() : null;
        var texts = _model.ApplyPrompt(values as IReadOnlyList<string> ?? values.ToList(), promptName);
        return Task.Run(
            () =>
            {
                var vectors = _model.Embed(texts, out var tokens, cancellationToken);
                var created = DateTimeOffset.UtcNow;
                var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length)
                {
                    Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
                };
                foreach (var vector in vectors)
                {
                    embeddings.Add(new Embedding<float>(_model.Truncate(vector, dimensions)) { ModelId = _model.Name, CreatedAt = created });
                }

                return embeddings;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(_model) ? _model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the model is owned by whoever loaded it.</summary>
    public void Dispose()
    {
    }
}
