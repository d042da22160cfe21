namespace SkPlugins.VectorStore.Ingestion;

/// <summary>Progress of an ingest.</summary>
/// <param name="Collection">The collection.</param>
/// <param name="Done">Records committed so far (including those of earlier, interrupted runs).</param>
/// <param name="Total">The total, when known.</param>
public sealed record IngestionProgress(string Collection, long Done, long? Total);
