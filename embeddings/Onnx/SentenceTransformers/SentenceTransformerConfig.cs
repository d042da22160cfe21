using SkPlugins.Embeddings.Onnx.Pooling;

namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>What a sentence-transformers model folder says about turning token vectors into a sentence vector.</summary>
/// <param name="Pooling">The pooling mode (<c>1_Pooling/config.json</c>).</param>
/// <param name="Normalize">Whether a <c>Normalize</c> module follows pooling (<c>modules.json</c>).</param>
/// <param name="MaxSequenceLength">The token limit, special tokens included (<c>sentence_bert_config.json</c>).</param>
/// <param name="LowerCase">Whether the tokenizer lower-cases (and strips accents) first.</param>
public sealed record SentenceTransformerConfig(PoolingMode Pooling, bool Normalize, int MaxSequenceLength, bool LowerCase)
{
    /// <summary>The configuration of all-MiniLM-L6-v2: mean pooling, normalised, 256 tokens, lower case.</summary>
    public static SentenceTransformerConfig AllMiniLmL6V2 { get; } = new(PoolingMode.Mean, Normalize: true, MaxSequenceLength: 256, LowerCase: true);

    /// <summary>The configuration of snowflake-arctic-embed-xs: CLS pooling, normalised, 512 tokens, lower case.</summary>
    public static SentenceTransformerConfig ArcticEmbedXs { get; } = new(PoolingMode.Cls, Normalize: true, MaxSequenceLength: 512, LowerCase: true);
}
