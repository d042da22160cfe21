namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>Counters of one collection's approximate index in this process: how often it was built, read from its file,
/// refused, written, and how many vectors were added in place. Thread-safe.</summary>
internal sealed class HnswStatistics
{
    private long _builds;
    private long _reads;
    private long _refusals;
    private long _writes;
    private long _added;

    /// <summary>Full builds (from all rows).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>Index files read and used.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Index files found but refused (torn, another shape, stale).</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Index files written.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Vectors added in place after writes (not counting builds).</summary>
    public long Added => Interlocked.Read(ref _added);

    /// <summary>The vectors in the graph after the last event.</summary>
    public long Labels { get; private set; }

    /// <summary>The last build's duration.</summary>
    public TimeSpan LastBuild { get; private set; }

    /// <summary>Why the last refused file was refused.</summary>
    public string? LastRefusal { get; private set; }

    internal void Built(long labels, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _builds);
        (Labels, LastBuild) = (labels, elapsed);
    }

    internal void Read(long labels, long added)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _added, added);
        Labels = labels;
    }

    internal void Refused(string reason)
    {
        Interlocked.Increment(ref _refusals);
        LastRefusal = reason;
    }

    internal void Wrote(long labels)
    {
        Interlocked.Increment(ref _writes);
        Labels = labels;
    }

    internal void Synced(long added, long labels)
    {
        Interlocked.Add(ref _added, added);
        Labels = labels;
    }
}
