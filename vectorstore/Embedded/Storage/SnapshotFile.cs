using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using SkPlugins.Core.IO;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The snapshot format, <c>snapshot.bin</c>: <c>magic u32 | format i32 | dimensions i32 | sequence i64 | count i64 | rows | crc32 u32</c>,
/// rows as <c>key 16B | vector f32×d | payload length i32 | payload</c>; the CRC-32 (IEEE) covers everything before it.
/// Written whole to a temporary file and renamed over the old one, so a reader sees the old or the new snapshot, never a mix.
/// </summary>
internal static class SnapshotFile
{
    private const uint Magic = 0x53564B53; // "SKVS"
    private const int HeaderSize = 28;

    /// <summary>Loads a snapshot into an empty <paramref name="state"/>; returns the sequence number it holds batches up to.</summary>
    /// <exception cref="InvalidDataException">The file is damaged or of other dimensions; the message names it.</exception>
    public static long Read(string path, CollectionState state)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        if (bytes.Length < HeaderSize + 4 || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
        {
            throw new InvalidDataException($"collection snapshot '{path}' is corrupt: not a snapshot file");
        }

        if (Crc32.HashToUInt32(span[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]))
        {
            throw new InvalidDataException($"collection snapshot '{path}' is corrupt: checksum mismatch");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (dimensions != state.Dimensions)
        {
            throw new InvalidDataException($"collection snapshot '{path}' holds {dimensions}-d vectors, the schema says {state.Dimensions}");
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[12..]);
        var count = BinaryPrimitives.ReadInt64LittleEndian(span[20..]);
        var at = HeaderSize;
        for (long i = 0; i < count; i++)
        {
            var key = LogFrame.ReadKey(span[at..]);
            at += 16;
            var vector = MemoryMarshal.Cast<byte, float>(span.Slice(at, dimensions * 4));
            at += dimensions * 4;
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            at += 4;
            state.Upsert(key, vector, span.Slice(at, length).ToArray());
            at += length;
        }

        return sequence;
    }

    /// <summary>The sequence number a snapshot holds batches up to, read from its header alone; 0 when there is no snapshot
    /// (a damaged one reads as 0 here and is reported by <see cref="Read"/>).</summary>
    public static long ReadSequence(string path)
    {
        Span<byte> head = stackalloc byte[HeaderSize];
        if (!File.Exists(path))
        {
            return 0; // a collection never compacted (checked first: an empty collection's readers ask on every read)
        }

        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.Read(file, head, 0) == HeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(head) == Magic
                ? BinaryPrimitives.ReadInt64LittleEndian(head[12..])
                : 0;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>Writes every row of <paramref name="state"/> as of <paramref name="sequence"/>, atomically.</summary>
    public static void Write(string path, CollectionState state, long sequence) => AtomicFile.Write(path, stream =>
    {
        var crc = new Crc32();
        void Put(ReadOnlySpan<byte> data)
        {
            crc.Append(data);
            stream.Write(data);
        }

        Span<byte> head = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(head, Magic);
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
            Put(MemoryMarshal.AsBytes(state.VectorAt(row)));
            var payload = state.PayloadAt(row);
            BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
            Put(length);
            Put(payload);
        }

        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc.GetCurrentHashAsUInt32());
        stream.Write(tail);
    });
}
