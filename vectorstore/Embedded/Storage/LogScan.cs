namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>Why a scan of <c>wal.log</c> stopped.</summary>
internal enum LogScanStop
{
    /// <summary>At the end of the file: every batch in it is applied.</summary>
    End,

    /// <summary>At an incomplete or unchecksummed last batch: a crash mid-write, or (seen by a reader) a write in progress.</summary>
    TornTail,

    /// <summary>At a batch whose sequence number skips ahead: the log was compacted (truncated) after the state was read.</summary>
    Gap,

    /// <summary>At damage that is not at the end of the file (or, seen by a reader, a log rewritten under it).</summary>
    Corrupt,
}
