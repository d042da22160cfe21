namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// A byte sequence held in managed chunks of at most <see cref="DefaultChunkSize"/> bytes, filled front to back: a serialized
/// graph outgrows one array's 2 GB limit (1M×768 float vectors alone are 3 GB), and the index file is written and hashed
/// chunk by chunk.
/// </summary>
internal sealed unsafe class ChunkedBytes
{
    /// <summary>1 GiB.</summary>
    public const int DefaultChunkSize = 1 << 30;

    private readonly byte[][] _chunks;
    private readonly int _chunkSize;
    private long _written;

    /// <summary>Allocates <paramref name="length"/> bytes in chunks of <paramref name="chunkSize"/> (the last one shorter).</summary>
    public ChunkedBytes(long length, int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        Length = length;
        _chunkSize = chunkSize;
        _chunks = new byte[(int)((length + chunkSize - 1) / chunkSize)][];
        for (var i = 0; i < _chunks.Length; i++)
        {
            _chunks[i] = GC.AllocateUninitializedArray<byte>((int)Math.Min(chunkSize, length - ((long)i * chunkSize)));
        }
    }

    /// <summary>The total length in bytes.</summary>
    public long Length { get; }

    /// <summary>The chunks, in order; together <see cref="Length"/> bytes.</summary>
    public IReadOnlyList<byte[]> Chunks => _chunks;

    /// <summary>Appends <paramref name="count"/> bytes from <paramref name="source"/> after what was appended before.</summary>
    /// <exception cref="InvalidOperationException">More bytes than <see cref="Length"/> were appended.</exception>
    public void Append(byte* source, long count)
    {
        if (count > Length - _written)
        {
            throw new InvalidOperationException($"appending {count} bytes at {_written} overruns the {Length} allocated");
        }

        while (count > 0)
        {
            var chunk = _chunks[(int)(_written / _chunkSize)];
            var at = (int)(_written % _chunkSize);
            var n = (int)Math.Min(count, chunk.Length - at);
            new ReadOnlySpan<byte>(source, n).CopyTo(chunk.AsSpan(at));
            source += n;
            count -= n;
            _written += n;
        }
    }

    /// <summary>Appends <paramref name="count"/> zero bytes.</summary>
    public void AppendZeros(int count)
    {
        var zeros = stackalloc byte[count];
        new Span<byte>(zeros, count).Clear();
        Append(zeros, count);
    }

    /// <summary>The bytes as one array (for tests and small graphs).</summary>
    public byte[] ToArray()
    {
        var all = new byte[checked((int)Length)];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(all, at);
            at += chunk.Length;
        }

        return all;
    }
}
