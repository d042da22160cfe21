namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>Everything needed to build an embedding model: where its ONNX graph is, its vocabulary and configuration.</summary>
internal sealed class EmbeddingModelSource
{
    /// <summary>The model's name (a Hub repo id).</summary>
    public required string Name { get; init; }

    /// <summary>Where the ONNX file comes from, for logs and errors (a path or a package resource).</summary>
    public required string ModelLocation { get; init; }

    /// <summary>Reads the ONNX file's bytes.</summary>
    public required Func<byte[]> ReadModel { get; init; }

    /// <summary>The lines of <c>vocab.txt</c>.</summary>
    public required IReadOnlyList<string> Vocabulary { get; init; }

    /// <summary>Where the vocabulary comes from, for errors.</summary>
    public required string VocabularyLocation { get; init; }

    /// <summary>Pooling, normalisation, token limit, casing.</summary>
    public required SentenceTransformerConfig Config { get; init; }

    /// <summary>Special tokens named by <c>tokenizer_config.json</c>.</summary>
    public IReadOnlyDictionary<string, string> SpecialTokens { get; init; } = new Dictionary<string, string>();
}
