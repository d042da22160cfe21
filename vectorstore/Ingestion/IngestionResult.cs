namespace SkPlugins.VectorStore.Ingestion;

/// <summary>The outcome of an ingest.</summary>
/// <param name="Collection">The collection.</param>
/// <param name="Upserted">Records written by this run.</param>
/// <param name="Resumed">Records skipped because an earlier run had committed them.</param>
/// <param name="Count">Records in the source.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record IngestionResult(string Collection, long Upserted, long Resumed, long Count, TimeSpan Elapsed)
{
    /// <summary>Records per second written by this run.</summary>
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Upserted / Elapsed.TotalSeconds : 0;
}
