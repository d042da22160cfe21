using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>Everything needed to build an embedding model: where its ONNX graph is, its tokenizer and configuration.</summary>
internal sealed class EmbeddingModelSource
{
    /// <summary>The model's name (a Hub repo id).</summary>
    public required string Name { get; init; }

    /// <summary>Where the ONNX file comes from, for logs and errors (a path or a package resource).</summary>
    public required string ModelLocation { get; init; }

    /// <summary>Reads the ONNX file's bytes.</summary>
    public required Func<byte[]> ReadModel { get; init; }

    /// <summary>The tokenizer: the project's Hugging Face pipeline, from <c>tokenizer.json</c> or a BERT <c>vocab.txt</c>.</summary>
    public required PipelineTokenizer Tokenizer { get; init; }

    /// <summary>Pooling, normalisation, token limit, casing.</summary>
    public required SentenceTransformerConfig Config { get; init; }

    /// <summary>The padding token named by <c>tokenizer_config.json</c>, if any.</summary>
    public string? PadToken { get; init; }

    /// <summary>The prompts of <c>config_sentence_transformers.json</c> (name → text put before the input).</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; init; } = new Dictionary<string, string>();

    /// <summary>The prompt used when none is named, if the model has one.</summary>
    public string? DefaultPromptName { get; init; }
}
