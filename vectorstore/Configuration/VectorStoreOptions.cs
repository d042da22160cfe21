using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Qdrant;

namespace SkPlugins.VectorStore.Configuration;

/// <summary>Configuration section <c>SkPlugins:VectorStore</c>.</summary>
public sealed class VectorStoreOptions
{
    /// <summary><c>embedded</c> (default) or <c>qdrant</c>.</summary>
    public string Provider { get; set; } = "embedded";

    /// <summary>The embedded store's folder (default under the user's local data folder); also where ingestion checkpoints live.</summary>
    public string? Path { get; set; }

    /// <summary>Unfiltered searches on embedded collections of at least this many records use the HNSW index (null, the default: always exact).</summary>
    public int? ApproximateSearchThreshold { get; set; }

    /// <summary>How long an embedded write waits for another process's writer lock on the same collection (default 30 s).</summary>
    public TimeSpan WriterLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Qdrant connection and collection settings.</summary>
    public QdrantVectorStoreOptions Qdrant { get; set; } = new();

    /// <summary>The resolved embedded folder.</summary>
    public string ResolvedPath => string.IsNullOrWhiteSpace(Path) ? EmbeddedVectorStoreOptions.DefaultPath : System.IO.Path.GetFullPath(Path);
}
