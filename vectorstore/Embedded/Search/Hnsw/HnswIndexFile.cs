using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using SkPlugins.Core.IO;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The HNSW index file of a collection (<c>hnsw.index</c> in its folder), written whole through <see cref="AtomicFile"/> so
/// that another process sees the previous file or the new one, never a part. Layout (little-endian): a 72-byte header —
/// magic <c>SKHNSW2\n</c> (1 held a USearch graph), dimensions, metric, M, ef_construction (int32 each), the collection sequence number and row
/// count it reflects, the label count and the graph length (int64 each), the XxHash3 of the body and of the header's first
/// 64 bytes — then per label its 16-byte row key, per label its 8-byte vector hash (0: dead), then the graph (<see cref="HnswGraph.Save"/>).
/// A file whose hashes, size or shape do not match is refused with the reason; its entries are never trusted beyond what
/// <see cref="ApproximateIndex.Sync"/> verifies against the rows (key and vector hash).
/// </summary>
internal static unsafe class HnswIndexFile
{
    /// <summary>The file name inside the collection folder.</summary>
    public const string FileName = "hnsw.index";

    private const int HeaderSize = 72;
    private static readonly byte[] s_magic = Encoding.ASCII.GetBytes("SKHNSW2\n");

    /// <summary>The index file of a collection folder.</summary>
    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, HnswImage image)
    {
        var keys = MemoryMarshal.AsBytes(image.Keys.AsSpan()).ToArray();
        var hashes = MemoryMarshal.AsBytes(image.Hashes.AsSpan()).ToArray();
        var body = new XxHash3();
        body.Append(keys);
        body.Append(hashes);
        foreach (var chunk in image.Graph.Chunks)
        {
            body.Append(chunk);
        }

        var header = new byte[HeaderSize];
        s_magic.CopyTo(header, 0);
        var p = image.Parameters;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), p.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), (int)p.Metric);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), p.Connectivity);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), p.ExpansionAdd);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), image.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), image.Rows);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), image.Keys.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(48), image.Graph.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), body.GetCurrentHashAsUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(64), XxHash3.HashToUInt64(header.AsSpan(0, 64)));
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(keys);
            stream.Write(hashes);
            foreach (var chunk in image.Graph.Chunks)
            {
                stream.Write(chunk);
            }
        });
    }

    /// <summary>Reads an index file written by <see cref="Write"/> for a graph of shape <paramref name="parameters"/>
    /// (memory-mapped, the graph copied out of it); null with the reason when it is missing, torn or of another shape.</summary>
    public static ApproximateIndex? TryRead(string path, HnswParameters parameters, out string reason)
    {
        if (!File.Exists(path))
        {
            reason = "no index file";
            return null;
        }

        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        if (length < HeaderSize)
        {
            reason = $"{length} bytes, shorter than the header";
            return null;
        }

        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            start += view.PointerOffset;
            return Parse(start, length, parameters, out reason);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    private static ApproximateIndex? Parse(byte* start, long length, HnswParameters parameters, out string reason)
    {
        var header = new ReadOnlySpan<byte>(start, HeaderSize);
        if (!header[..8].SequenceEqual(s_magic) || BinaryPrimitives.ReadUInt64LittleEndian(header[64..]) != XxHash3.HashToUInt64(header[..64]))
        {
            reason = "bad header (not an index file, or torn)";
            return null;
        }

        var shape = (Dims: BinaryPrimitives.ReadInt32LittleEndian(header[8..]), Metric: (HnswMetric)BinaryPrimitives.ReadInt32LittleEndian(header[12..]),
            M: BinaryPrimitives.ReadInt32LittleEndian(header[16..]), Efc: BinaryPrimitives.ReadInt32LittleEndian(header[20..]));
        if (shape != (parameters.Dimensions, parameters.Metric, parameters.Connectivity, parameters.ExpansionAdd))
        {
            reason = $"built for dimensions {shape.Dims}, metric {shape.Metric}, M {shape.M}, ef_construction {shape.Efc}; the collection needs "
                + $"{parameters.Dimensions}, {parameters.Metric}, {parameters.Connectivity}, {parameters.ExpansionAdd}";
            return null;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        var labels = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        var graphLength = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        if (labels < 0 || labels > int.MaxValue || graphLength < 0 || HeaderSize + (labels * 24) + graphLength != length)
        {
            reason = $"{length} bytes, but the header announces {labels} labels and a {graphLength}-byte graph (torn)";
            return null;
        }

        var body = new XxHash3();
        for (var at = (long)HeaderSize; at < length; at += 1 << 30)
        {
            body.Append(new ReadOnlySpan<byte>(start + at, (int)Math.Min(1 << 30, length - at)));
        }

        if (body.GetCurrentHashAsUInt64() != BinaryPrimitives.ReadUInt64LittleEndian(header[56..]))
        {
            reason = "body checksum mismatch (torn or damaged)";
            return null;
        }

        var count = (int)labels;
        var keys = new ReadOnlySpan<UInt128>(start + HeaderSize, count).ToArray();
        var hashes = new ReadOnlySpan<ulong>(start + HeaderSize + (count * 16L), count).ToArray();
        var graph = HnswGraph.Load(start + HeaderSize + (count * 24L), graphLength, parameters);
        reason = $"sequence {sequence}, {count} labels";
        return ApproximateIndex.Open(graph, parameters, keys, hashes, sequence);
    }
}
