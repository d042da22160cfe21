namespace SkPlugins.Plugins.Embeddings;

/// <summary>One result of a semantic search over an ingested sentence collection.</summary>
/// <param name="Text">The stored sentence.</param>
/// <param name="Source">Where it came from (the ingested file's label).</param>
/// <param name="Score">Cosine similarity to the query.</param>
public sealed record SentenceHit(string Text, string Source, double Score);
