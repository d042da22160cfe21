namespace SkPlugins.Plugins.WordVectors;

/// <summary>A word and its cosine similarity to the query.</summary>
/// <param name="Word">The word.</param>
/// <param name="Score">Cosine similarity in [-1, 1].</param>
public sealed record WordScore(string Word, double Score);
