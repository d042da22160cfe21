using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using SkPlugins.Core.IO;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The on-disk form of one embedded collection, in its own folder: <c>collection.json</c> (schema),
/// <c>snapshot.bin</c> (all rows as of a sequence number, checksummed, replaced by atomic rename) and <c>wal.log</c>
/// (append-only checksummed batches after the snapshot). A batch is committed once its frame is flushed to disk;
/// a torn frame at the end of the log (a crash mid-write) is dropped on open, and any other damage is reported as
/// <see cref="InvalidDataException"/> naming the file. The log is held open without write sharing, so a second process
/// cannot write the same collection.
/// </summary>
internal sealed class CollectionStorage : IDisposable
{
    private const uint SnapshotMagic = 0x53564B53; // "SKVS"
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly ILogger _logger;
    private readonly long _compactionBytes;
    private FileStream? _wal;
    private long _sequence;

    private CollectionStorage(string folder, CollectionSchema schema, ILogger logger, long compactionBytes)
    {
        Folder = folder;
        Schema = schema;
        _logger = logger;
        _compactionBytes = compactionBytes;
        State = new CollectionState(schema.Dimensions);
    }

    /// <summary>The collection folder.</summary>
    public string Folder { get; }

    /// <summary>The schema.</summary>
    public CollectionSchema Schema { get; }

    /// <summary>The rows; read them under <see cref="Read{T}"/>.</summary>
    public CollectionState State { get; }

    private string SnapshotPath => Path.Combine(Folder, "snapshot.bin");

    private string WalPath => Path.Combine(Folder, "wal.log");

    /// <summary>The schema file of a collection folder.</summary>
    public static string SchemaPath(string folder) => Path.Combine(folder, "collection.json");

    /// <summary>Opens (or creates, when <paramref name="create"/>) a collection folder and loads it.</summary>
    public static CollectionStorage Open(string folder, CollectionSchema requested, string name, bool create, ILogger logger, long compactionBytes)
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
            Directory.CreateDirectory(folder);
            requested.Write(schemaPath);
            schema = requested;
        }
        else
        {
            throw new InvalidOperationException($"collection '{name}' does not exist (no {schemaPath})");
        }

        var storage = new CollectionStorage(folder, schema, logger, compactionBytes);
        try
        {
            storage.Load();
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read under the shared lock.</summary>
    public T Read<T>(Func<CollectionState, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(State);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Commits an upsert batch to disk, then applies it.</summary>
    public void Upsert(IReadOnlyList<(UInt128 Key, float[] Vector, byte[] Payload)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        Commit(sequence => LogFrame.EncodeUpsert(sequence, rows, Schema.Dimensions));
    }

    /// <summary>Commits a delete batch to disk, then applies it.</summary>
    public void Delete(IReadOnlyList<UInt128> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        Commit(sequence => LogFrame.EncodeDelete(sequence, keys));
    }

    /// <summary>Writes a snapshot of all rows and empties the log.</summary>
    public void Compact()
    {
        _lock.EnterWriteLock();
        try
        {
            CompactLocked();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _wal?.Dispose();
        _wal = null;
        _lock.Dispose();
    }

    private void Commit(Func<long, byte[]> encode)
    {
        _lock.EnterWriteLock();
        try
        {
            var wal = _wal ?? throw new ObjectDisposedException(nameof(CollectionStorage));
            var body = encode(_sequence + 1);
            LogFrame.Write(wal, body);
            wal.Flush(flushToDisk: true);
            _sequence++;
            LogFrame.Apply(body, State, skipUpTo: -1);
            if (wal.Length > _compactionBytes && wal.Length > SnapshotLength())
            {
                CompactLocked();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private long SnapshotLength() => File.Exists(SnapshotPath) ? new FileInfo(SnapshotPath).Length : 0;

    private void Load()
    {
        var snapshotSequence = File.Exists(SnapshotPath) ? LoadSnapshot() : 0;
        _sequence = snapshotSequence;
        try
        {
            _wal = new FileStream(WalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        }
        catch (IOException ex)
        {
            throw new IOException($"collection log '{WalPath}' is in use by another process (one writer per collection): {ex.Message}", ex);
        }

        var good = ReplayLog(snapshotSequence);
        if (good < _wal.Length)
        {
            _logger.LogWarning("{File}: dropped a torn batch at byte {Offset} ({Bytes} bytes, never committed)", WalPath, good, _wal.Length - good);
            _wal.SetLength(good);
            _wal.Flush(flushToDisk: true);
        }

        _wal.Seek(0, SeekOrigin.End);
    }

    private long ReplayLog(long snapshotSequence)
    {
        var wal = _wal!;
        wal.Seek(0, SeekOrigin.Begin);
        var header = new byte[LogFrame.HeaderSize];
        long offset = 0;
        var length = wal.Length;
        while (offset + LogFrame.HeaderSize <= length)
        {
            wal.ReadExactly(header);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            var end = offset + LogFrame.HeaderSize + bodyLength;
            if (magic != LogFrame.Magic || bodyLength < 13)
            {
                throw new InvalidDataException($"collection log '{WalPath}' is corrupt: no batch header at byte {offset}");
            }

            if (end > length)
            {
                return offset; // torn tail: the write of this batch never finished
            }

            var body = new byte[bodyLength];
            wal.ReadExactly(body);
            if (Crc32.Compute(body) != crc)
            {
                if (end == length)
                {
                    return offset; // torn tail: the last batch never reached the disk whole
                }

                throw new InvalidDataException($"collection log '{WalPath}' is corrupt: checksum mismatch in the batch at byte {offset}");
            }

            try
            {
                _sequence = Math.Max(_sequence, LogFrame.Apply(body, State, snapshotSequence));
            }
            catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or InvalidDataException)
            {
                throw new InvalidDataException($"collection log '{WalPath}' is corrupt: batch at byte {offset} does not decode ({ex.Message})", ex);
            }

            offset = end;
        }

        return offset;
    }

    private long LoadSnapshot()
    {
        var bytes = File.ReadAllBytes(SnapshotPath);
        var span = bytes.AsSpan();
        if (bytes.Length < 32 || BinaryPrimitives.ReadUInt32LittleEndian(span) != SnapshotMagic)
        {
            throw new InvalidDataException($"collection snapshot '{SnapshotPath}' is corrupt: not a snapshot file");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
        if (Crc32.Compute(span[..^4]) != stored)
        {
            throw new InvalidDataException($"collection snapshot '{SnapshotPath}' is corrupt: checksum mismatch");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (dimensions != Schema.Dimensions)
        {
            throw new InvalidDataException($"collection snapshot '{SnapshotPath}' holds {dimensions}-d vectors, the schema says {Schema.Dimensions}");
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[12..]);
        var count = BinaryPrimitives.ReadInt64LittleEndian(span[20..]);
        var at = 28;
        for (long i = 0; i < count; i++)
        {
            var key = LogFrame.ReadKey(span[at..]);
            at += 16;
            var vector = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span.Slice(at, dimensions * 4));
            at += dimensions * 4;
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            at += 4;
            State.Upsert(key, vector, span.Slice(at, length).ToArray());
            at += length;
        }

        return sequence;
    }

    private void CompactLocked()
    {
        var state = State;
        var sequence = _sequence;
        AtomicFile.Write(SnapshotPath, stream =>
        {
            var crc = 0u;
            void Put(ReadOnlySpan<byte> data)
            {
                crc = Crc32.Append(crc, data);
                stream.Write(data);
            }

            Span<byte> head = stackalloc byte[28];
            BinaryPrimitives.WriteUInt32LittleEndian(head, SnapshotMagic);
            BinaryPrimitives.WriteInt32LittleEndian(head[4..], CollectionSchema.CurrentFormat);
            BinaryPrimitives.WriteInt32LittleEndian(head[8..], state.Dimensions);
            BinaryPrimitives.WriteInt64LittleEndian(head[12..], sequence);
            BinaryPrimitives.WriteInt64LittleEndian(head[20..], state.Count);
            Put(head);
            Span<byte> key = stackalloc byte[16];
            Span<byte> length = stackalloc byte[4];
            for (var row = 0; row < state.Count; row++)
            {
                LogFrame.WriteKey(key, state.KeyAt(row));
                Put(key);
                Put(System.Runtime.InteropServices.MemoryMarshal.AsBytes(state.VectorAt(row)));
                var payload = state.PayloadAt(row);
                BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
                Put(length);
                Put(payload);
            }

            Span<byte> tail = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(tail, crc);
            stream.Write(tail);
        });

        // The snapshot now holds every batch up to `sequence`; batches left in the log are skipped on replay by their
        // sequence numbers, so a crash before this truncation loses nothing and applies nothing twice.
        _wal!.SetLength(0);
        _wal.Flush(flushToDisk: true);
        _wal.Seek(0, SeekOrigin.End);
    }
}
