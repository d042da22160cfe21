using System.Runtime.InteropServices;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The graph as bytes (inside <see cref="HnswIndexFile"/>, which checksums them): a 32-byte header (format 2, dimensions,
/// metric, M, node count, entry point, top level, ints per node block; int32 each), the node blocks exactly as in memory
/// (vector and layer-0 list), one level byte per node padded to 4, then the upper-layer lists of the nodes above layer 0 in
/// node order. Loading is a few bulk copies plus a bounds check of every link, so a 1M-node graph opens in well under a second.
/// </summary>
internal sealed unsafe partial class HnswGraph
{
    private const int HeaderInts = 8;
    private const int Format = 2;

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedLength
    {
        get
        {
            var count = Size;
            var length = (HeaderInts * 4L) + (count * NodeBytes) + ((count + 3) / 4 * 4);
            for (var node = 0; node < count; node++)
            {
                length += _levels[node] * _m * 4L;
            }

            return length;
        }
    }

    /// <summary>Serializes the graph (vectors and links) into new chunks of at most <paramref name="chunkSize"/> bytes (no 2 GB
    /// limit). Call while no add runs.</summary>
    public ChunkedBytes Save(int chunkSize = ChunkedBytes.DefaultChunkSize)
    {
        var count = (int)Size;
        var bytes = new ChunkedBytes(SerializedLength, chunkSize);
        var header = stackalloc int[HeaderInts];
        (header[0], header[1], header[2], header[3]) = (Format, Dimensions, (int)_metric, _m);
        (header[4], header[5], header[6], header[7]) = (count, _entry, _topLevel, _nodeInts);
        bytes.Append((byte*)header, HeaderInts * 4);
        bytes.Append(_nodes, count * NodeBytes);
        bytes.Append(_levels, count);
        bytes.AppendZeros(((count + 3) / 4 * 4) - count);
        for (var node = 0; node < count; node++)
        {
            bytes.Append((byte*)_upper[node], _levels[node] * _m * 4L);
        }

        return bytes;
    }

    /// <summary>Loads (copies) a graph serialized by <see cref="Save"/>; it can grow afterwards.</summary>
    /// <exception cref="InvalidOperationException">The bytes are not a graph of this shape, or a link points outside it.</exception>
    public static HnswGraph Load(byte* buffer, long length, HnswParameters parameters)
    {
        var graph = Create(parameters);
        try
        {
            graph.Read(buffer, length);
            graph.EnsureCapacity(Math.Max(graph.Size, 16));
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    private void Read(byte* buffer, long length)
    {
        var header = (int*)buffer;
        if (length < HeaderInts * 4 || header[0] != Format || header[1] != Dimensions || header[2] != (int)_metric || header[3] != _m || header[7] != _nodeInts)
        {
            throw new InvalidOperationException("the HNSW graph is of another format or shape");
        }

        var count = header[4];
        var (entry, top) = (header[5], header[6]);
        var levelBytes = (count + 3) / 4 * 4L;
        var at = buffer + (HeaderInts * 4);
        if (count < 0 || (HeaderInts * 4L) + (count * NodeBytes) + levelBytes > length || entry >= count || (count > 0 && entry < 0))
        {
            throw new InvalidOperationException($"the HNSW graph announces {count} nodes and entry {entry} in {length} bytes");
        }

        EnsureCapacity(Math.Max(count, 16));
        Buffer.MemoryCopy(at, _nodes, count * NodeBytes, count * NodeBytes);
        at += count * NodeBytes;
        new Span<byte>(at, count).CopyTo(new Span<byte>(_levels, count));
        at += levelBytes;
        var end = buffer + length;
        for (var node = 0; node < count; node++)
        {
            var level = _levels[node];
            if (level > MaxLevel)
            {
                throw new InvalidOperationException($"HNSW node {node} has level {level}");
            }

            CheckList(ListOf(node, 0), _m0, count, node);
            if (level > 0)
            {
                var ints = level * _m;
                if (at + (ints * 4L) > end)
                {
                    throw new InvalidOperationException("the HNSW graph's upper layers are cut short");
                }

                _upper[node] = (int*)NativeMemory.Alloc((nuint)(ints * 4));
                new Span<int>(at, ints).CopyTo(new Span<int>(_upper[node], ints));
                at += ints * 4L;
                for (var layer = 1; layer <= level; layer++)
                {
                    CheckList(ListOf(node, layer), _m, count, node);
                }
            }
        }

        if (at != end || (count > 0 && _levels[entry] != top))
        {
            throw new InvalidOperationException("the HNSW graph's length or entry point does not match its nodes");
        }

        (_entry, _topLevel, _count) = (count > 0 ? entry : -1, count > 0 ? top : -1, count);
    }

    private static void CheckList(int* list, int max, int count, int node)
    {
        for (var i = 0; i < max; i++)
        {
            if (list[i] >= count || list[i] < -1)
            {
                throw new InvalidOperationException($"HNSW node {node} links to {list[i]}, outside the {count} nodes");
            }
        }
    }
}
