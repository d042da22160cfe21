namespace SkPlugins.Plugins.Embeddings;

/// <summary>The sentence vector of one text.</summary>
/// <param name="Model">The embedding model.</param>
/// <param name="Dimensions">The vector length.</param>
/// <param name="Vector">The vector (unit length for normalised models).</param>
public sealed record EmbeddingResult(string Model, int Dimensions, float[] Vector);
