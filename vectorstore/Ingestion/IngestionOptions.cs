namespace SkPlugins.VectorStore.Ingestion;

/// <summary>Options of <see cref="VectorIngestion"/>.</summary>
public sealed class IngestionOptions
{
    /// <summary>Records per committed batch.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Where checkpoints are kept (null: no resume).</summary>
    public string? CheckpointFolder { get; set; }

    /// <summary>Receives progress after every batch.</summary>
    public IProgress<IngestionProgress>? Progress { get; set; }

    /// <summary>A pause after each batch (tests use it to interrupt an ingest midway).</summary>
    public TimeSpan BatchDelay { get; set; }
}
