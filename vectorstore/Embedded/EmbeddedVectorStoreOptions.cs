namespace SkPlugins.VectorStore.Embedded;

/// <summary>Options of the <see cref="EmbeddedVectorStore"/>.</summary>
public sealed class EmbeddedVectorStoreOptions
{
    /// <summary>The folder holding one sub-folder per collection (default: <c>skplugins/vectorstore</c> under the user's local data folder).</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>Collections with at least this many records answer unfiltered searches from an HNSW index; smaller
    /// ones, and every filtered search, are exact. The index is kept in the collection folder (<c>hnsw.index</c>) and read
    /// from there when the collection opens, updated in place after writes, and built in the background when missing
    /// (searches are exact until it is ready). Null (default): always exact.</summary>
    public int? ApproximateSearchThreshold { get; set; }

    /// <summary>HNSW graph connectivity (M).</summary>
    public int HnswConnectivity { get; set; } = 16;

    /// <summary>HNSW construction beam width (ef_construction).</summary>
    public int HnswExpansionAdd { get; set; } = 64;

    /// <summary>HNSW search beam width (ef).</summary>
    public int HnswExpansionSearch { get; set; } = 64;

    /// <summary>Whether cosine and dot-product collections created from now on keep an 8-bit copy of their vectors for the exact
    /// scan, which then reads a quarter of the bytes and rescores its candidates in float32 (default <see cref="ScanQuantization.None"/>).
    /// Recorded in the collection's <c>collection.json</c> when it is created, so it holds for that collection whatever this
    /// option says when it is reopened.</summary>
    public ScanQuantization ScanQuantization { get; set; }

    /// <summary>How many threads add vectors while an HNSW index is built (default: one per processor).</summary>
    public int HnswBuildThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>The log is folded into a new snapshot once it grows past this many bytes (and past the snapshot's size).</summary>
    public long CompactionBytes { get; set; } = 64L << 20;

    /// <summary>How long a write waits while another process holds the collection's writer lock before it fails with
    /// <see cref="TimeoutException"/> naming the collection and that process (default 30 s).</summary>
    public TimeSpan WriterLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default folder.</summary>
    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "skplugins", "vectorstore");
}
