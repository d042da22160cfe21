namespace SkPlugins.WordVectors;

/// <summary>A word (or song id, or any key) and its cosine similarity to a query.</summary>
/// <param name="Word">The key as stored in the vectors.</param>
/// <param name="Score">Cosine similarity in [-1, 1].</param>
public sealed record WordSimilarity(string Word, double Score);
