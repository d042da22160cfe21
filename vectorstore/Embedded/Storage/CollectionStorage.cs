using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using SkPlugins.Core.IO;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The on-disk form of one embedded collection, in its own folder: <c>collection.json</c> (schema),
/// <c>snapshot.bin</c> (all rows as of a sequence number, see <see cref="SnapshotFile"/>) and <c>wal.log</c>
/// (append-only checksummed batches after the snapshot, see <see cref="LogFrame"/> and <see cref="LogReader"/>).
/// <para>Many processes may open a collection; one writes at a time. Each write takes the collection's
/// <see cref="WriterLock"/> (an exclusive OS lock, waiting up to the configured timeout), catches up with the batches
/// other processes committed, appends its batch and flushes it to disk (then it is committed), and releases the lock.
/// Every read first applies the batches committed since the last one (a <c>stat</c> when nothing changed), so a running
/// reader sees other processes' writes without a restart. In-process readers see a state before or after a whole batch,
/// never a part of one, and never wait for a disk write. A torn batch at the end of the log (a crash mid-write) is
/// invisible to readers and truncated, with a warning, by the next writer; any other damage is reported as
/// <see cref="InvalidDataException"/> naming the file.</para>
/// </summary>
internal sealed class CollectionStorage : IDisposable
{
    private const int ReloadAttempts = 5;
    private readonly ReaderWriterLockSlim _rows = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _writeGate = new();
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly CollectionStorageOptions _options;
    private SafeFileHandle? _log;
    private FileStream? _logWriter;
    private CollectionState _state;
    private long _sequence;
    private long _offset;
    private long _firstSequence = -1;
    private bool _disposed;

    private CollectionStorage(string folder, string name, CollectionSchema schema, ILogger logger, CollectionStorageOptions options)
    {
        Folder = folder;
        Schema = schema;
        _name = name;
        _logger = logger;
        _options = options;
        _state = new CollectionState(schema.Dimensions, schema.ScanQuantization);
    }

    /// <summary>The collection folder.</summary>
    public string Folder { get; }

    /// <summary>The schema.</summary>
    public CollectionSchema Schema { get; }

    /// <summary>The number of batches committed (by any process) that this instance has applied.</summary>
    public long Sequence => _sequence;

    private string SnapshotPath => Path.Combine(Folder, "snapshot.bin");

    private string LogPath => Path.Combine(Folder, "wal.log");

    /// <summary>The schema file of a collection folder.</summary>
    public static string SchemaPath(string folder) => Path.Combine(folder, "collection.json");

    /// <summary>Opens (or creates, when <paramref name="create"/>) a collection folder and loads it.</summary>
    public static CollectionStorage Open(string folder, CollectionSchema requested, string name, bool create, ILogger logger, CollectionStorageOptions options)
    {
        var schemaPath = SchemaPath(folder);
        CollectionSchema schema;
        if (File.Exists(schemaPath))
        {
            schema = CollectionSchema.Read(schemaPath);
            schema.EnsureMatches(requested, name);
        }
        else if (create)
        {
            schema = Create(folder, requested, name, options);
        }
        else
        {
            throw new InvalidOperationException($"collection '{name}' does not exist (no {schemaPath})");
        }

        var storage = new CollectionStorage(folder, name, schema, logger, options);
        try
        {
            storage.OpenLog();
            storage.Reload();
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Writes the schema of a new collection under its writer lock, so that processes creating it at the same moment
    /// agree on one schema (the later ones find the first one's file and check theirs against it) and no temporary file of a
    /// creation in progress is taken for a killed writer's orphan.</summary>
    private static CollectionSchema Create(string folder, CollectionSchema requested, string name, CollectionStorageOptions options)
    {
        var schemaPath = SchemaPath(folder);
        WriteFailure.Guard(name, folder, () => Directory.CreateDirectory(folder));
        using var writerLock = WriteFailure.Guard(name, folder, () => WriterLock.Acquire(folder, name, options.WriterLockTimeout));
        if (File.Exists(schemaPath))
        {
            var existing = CollectionSchema.Read(schemaPath);
            existing.EnsureMatches(requested, name);
            return existing;
        }

        WriteFailure.Guard(name, folder, () => requested.Write(schemaPath));
        return requested;
    }

    /// <summary>Runs a read on the current rows, after applying the batches other processes committed since the last read.</summary>
    public T Read<T>(Func<CollectionState, T> read)
    {
        Refresh();
        _rows.EnterReadLock();
        try
        {
            return read(_state);
        }
        finally
        {
            _rows.ExitReadLock();
        }
    }

    /// <summary>Commits an upsert batch to disk, then applies it.</summary>
    public void Upsert(IReadOnlyList<(UInt128 Key, float[] Vector, byte[] Payload)> rows)
    {
        if (rows.Count > 0)
        {
            Commit(sequence => LogFrame.EncodeUpsert(sequence, rows, Schema.Dimensions));
        }
    }

    /// <summary>Commits a delete batch to disk, then applies it.</summary>
    public void Delete(IReadOnlyList<UInt128> keys)
    {
        if (keys.Count > 0)
        {
            Commit(sequence => LogFrame.EncodeDelete(sequence, keys));
        }
    }

    /// <summary>Writes a snapshot of all rows and empties the log (under the writer lock).</summary>
    public void Compact() => Write(CompactLocked);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeGate)
        {
            _disposed = true;
            _log?.Dispose();
            _logWriter?.Dispose();
            _log = null;
            _logWriter = null;
        }
    }

    private void Commit(Func<long, byte[]> encode) => Write(() =>
    {
        Append(encode(_sequence + 1));
        if (_offset > _options.CompactionBytes && _offset > SnapshotLength())
        {
            try
            {
                CompactLocked();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The batch is committed; a compaction only saves replay time, so its failure (a full disk) must not fail the write.
                _logger.LogWarning(ex, "{Folder}: compaction failed; the log keeps every batch and grows until a compaction succeeds", Folder);
            }
        }
    });

    /// <summary>Appends one batch at the end of the log, flushes it to disk (from then on it is committed) and applies it.</summary>
    private void Append(byte[] body)
    {
        var sequence = _sequence + 1;
        var frame = LogFrame.Frame(body);
        var writer = _logWriter!;
        WriteFailure.Guard(_name, Folder, () =>
        {
            try
            {
                writer.Seek(_offset, SeekOrigin.Begin);
                writer.Write(frame);
                writer.Flush(flushToDisk: true);
            }
            catch
            {
                TruncateQuietly(writer, _offset); // a full disk: leave no partial batch behind
                throw;
            }
        });

        _rows.EnterWriteLock();
        try
        {
            LogFrame.Apply(body, _state, skipUpTo: _sequence);
            _sequence = sequence;
            _firstSequence = _offset == 0 ? sequence : _firstSequence;
            _offset += frame.Length;
        }
        finally
        {
            _rows.ExitWriteLock();
        }
    }

    /// <summary>Runs <paramref name="write"/> holding this process's write gate and the collection's writer lock, caught up with the log.</summary>
    private void Write(Action write)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var writerLock = AcquireWriterLock();
            _logWriter ??= WriteFailure.Guard(_name, Folder, () => new FileStream(LogPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1));
            CatchUp(writer: true);
            write();
        }
    }

    private WriterLock AcquireWriterLock() => WriteFailure.Guard(_name, Folder, () => WriterLock.Acquire(Folder, _name, _options.WriterLockTimeout));

    /// <summary>Applies newly committed batches, unless this process is writing right now (its writer catches up itself).</summary>
    private void Refresh()
    {
        var log = _log;
        if (log is null || _disposed || IsCurrent(log) || !_writeGate.TryEnter())
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                CatchUp(writer: false);
            }
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    /// <summary>Nothing was committed since the last scan: same length, and the same first batch (no compaction rewrote the log).
    /// An empty log can look the same before and after a compaction whose writer was killed between truncating the log and
    /// writing its first batch; then the snapshot's sequence tells (a writer that missed it would append a batch whose sequence
    /// number the snapshot already covers, and every later replay would skip it). A non-empty log needs no such check: every
    /// compaction starts the new log past the compactor's sequence, so its first batch differs from any log seen before.</summary>
    private bool IsCurrent(SafeFileHandle log) =>
        RandomAccess.GetLength(log) == _offset && LogReader.FirstSequence(log) == _firstSequence
        && (_offset > 0 || SnapshotFile.ReadSequence(SnapshotPath) <= _sequence);

    /// <summary>Applies the batches committed since the last scan (under the write gate). After a compaction by another
    /// process the new log is scanned from its start (batches already applied are skipped); when the snapshot holds
    /// batches this instance never saw, everything is reloaded.</summary>
    private void CatchUp(bool writer)
    {
        var log = _log!;
        if (!IsCurrent(log))
        {
            var first = LogReader.FirstSequence(log);
            var from = first == _firstSequence && RandomAccess.GetLength(log) >= _offset ? _offset : 0;
            _rows.EnterWriteLock();
            LogReader.Result scan;
            try
            {
                scan = LogReader.Scan(log, from, _state, _sequence);
                _offset = scan.End;
                _sequence = scan.Sequence;
                _firstSequence = scan.End > 0 ? first : -1;
            }
            finally
            {
                _rows.ExitWriteLock();
            }

            // A rewritten log that starts past our sequence shows a gap; an empty one (another process was killed between a
            // compaction's truncation and its first batch) shows nothing, so the snapshot's sequence is the check.
            if (scan.Stop is LogScanStop.Gap or LogScanStop.Corrupt || (from == 0 && SnapshotFile.ReadSequence(SnapshotPath) > _sequence))
            {
                Reload();
            }
        }

        var length = RandomAccess.GetLength(log);
        if (writer && length > _offset)
        {
            // Under the writer lock nobody else is appending: what lies past the last whole batch is a torn write.
            _logger.LogWarning("{File}: dropped a torn batch at byte {Offset} ({Bytes} bytes, never committed)", LogPath, _offset, length - _offset);
            WriteFailure.Guard(_name, Folder, () =>
            {
                _logWriter!.SetLength(_offset);
                _logWriter.Flush(flushToDisk: true);
            });
        }
    }

    /// <summary>Loads the snapshot and the whole log into a new state and swaps it in; retries when a compaction by another process races with it.</summary>
    private void Reload()
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = new CollectionState(Schema.Dimensions, Schema.ScanQuantization);
            long snapshotSequence;
            try
            {
                snapshotSequence = File.Exists(SnapshotPath) ? SnapshotFile.Read(SnapshotPath, state) : 0;
            }
            catch (FileNotFoundException) when (attempt < ReloadAttempts)
            {
                continue;
            }

            var first = LogReader.FirstSequence(_log!);
            var scan = LogReader.Scan(_log!, 0, state, snapshotSequence);
            if (scan.Stop is LogScanStop.End or LogScanStop.TornTail)
            {
                _rows.EnterWriteLock();
                try
                {
                    _state = state;
                    _sequence = scan.Sequence;
                    _offset = scan.End;
                    _firstSequence = scan.End > 0 ? first : -1;
                }
                finally
                {
                    _rows.ExitWriteLock();
                }

                return;
            }

            if (attempt >= ReloadAttempts)
            {
                throw new InvalidDataException($"collection log '{LogPath}' is corrupt: {scan.Detail}");
            }

            Thread.Sleep(5 * attempt); // a compaction in another process rewrote the log while we read it
        }
    }

    private void OpenLog()
    {
        if (!File.Exists(LogPath))
        {
            try
            {
                using var create = new FileStream(LogPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (UnauthorizedAccessException)
            {
                // a read-only folder without a log: nothing was ever written; readers see the snapshot alone
            }
        }

        _log = File.Exists(LogPath)
            ? File.OpenHandle(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)
            : null;
        if (_log is null)
        {
            throw new InvalidDataException($"collection log '{LogPath}' is missing and the folder is not writable");
        }
    }

    private long SnapshotLength() => File.Exists(SnapshotPath) ? new FileInfo(SnapshotPath).Length : 0;

    private void CompactLocked()
    {
        _rows.EnterReadLock();
        try
        {
            WriteFailure.Guard(_name, Folder, () => SnapshotFile.Write(SnapshotPath, _state, _sequence));
        }
        finally
        {
            _rows.ExitReadLock();
        }

        // The snapshot now holds every batch up to _sequence; batches left in the log are skipped on replay by their
        // sequence numbers, so a crash before this truncation loses nothing and applies nothing twice.
        WriteFailure.Guard(_name, Folder, () =>
        {
            _logWriter!.SetLength(0);
            _logWriter.Flush(flushToDisk: true);
        });
        _offset = 0;
        _firstSequence = -1;

        // An empty batch starts the new log, so that its first sequence number differs from the old log's: readers in other
        // processes compare it to notice the compaction even when the log is back at the length they last saw.
        Append(LogFrame.EncodeUpsert(_sequence + 1, [], Schema.Dimensions));
    }

    private static void TruncateQuietly(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (IOException)
        {
        }
    }
}
