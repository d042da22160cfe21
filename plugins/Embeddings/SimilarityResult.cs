namespace SkPlugins.Plugins.Embeddings;

/// <summary>How similar two texts are in meaning.</summary>
/// <param name="Model">The embedding model.</param>
/// <param name="Cosine">Cosine similarity of the sentence vectors: about 1 for the same meaning, near 0 for unrelated texts.</param>
public sealed record SimilarityResult(string Model, double Cosine);
