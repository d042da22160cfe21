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

    /// <summary>The embedded HNSW graph's M: links per node on the upper layers, twice as many on the bottom one (null: 16).
    /// Read when an index is built; an index file built with another M is rebuilt.</summary>
    public int? HnswConnectivity { get; set; }

    /// <summary>The embedded HNSW graph's ef_construction: candidates kept while a vector is linked in (null: 64).</summary>
    public int? HnswExpansionAdd { get; set; }

    /// <summary>The embedded HNSW graph's ef: candidates kept while searching, at least the requested top (null: 64).</summary>
    public int? HnswExpansionSearch { get; set; }

    /// <summary>Threads that add vectors while an embedded HNSW index is built (null: one per processor).</summary>
    public int? HnswBuildThreads { get; set; }

    /// <summary>How long an embedded write waits for another process's writer lock on the same collection (default 30 s).</summary>
    public TimeSpan WriterLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether embedded cosine and dot-product collections created from now on keep an 8-bit copy of their vectors for the
    /// exact scan (<c>None</c>, the default, or <c>Int8</c>); recorded per collection when it is created.</summary>
    public ScanQuantization ScanQuantization { get; set; }

    /// <summary>Qdrant connection and collection settings.</summary>
    public QdrantVectorStoreOptions Qdrant { get; set; } = new();

    /// <summary>The resolved embedded folder.</summary>
    public string ResolvedPath => string.IsNullOrWhiteSpace(Path) ? EmbeddedVectorStoreOptions.DefaultPath : System.IO.Path.GetFullPath(Path);
}
