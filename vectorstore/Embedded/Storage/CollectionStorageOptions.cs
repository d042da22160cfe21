namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>The storage settings of an embedded collection.</summary>
/// <param name="CompactionBytes">The log is folded into a new snapshot once it grows past this many bytes (and past the snapshot's size).</param>
/// <param name="WriterLockTimeout">How long a write waits for another process's writer lock before it fails.</param>
internal sealed record CollectionStorageOptions(long CompactionBytes, TimeSpan WriterLockTimeout);
