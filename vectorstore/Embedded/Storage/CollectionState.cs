namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The in-memory rows of one embedded collection: keys, a contiguous row-major vector matrix (SIMD-friendly) and
/// serialized data payloads. Deletion moves the last row into the hole, so the matrix stays dense.
/// Not thread-safe on its own: <see cref="CollectionStorage"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class CollectionState
{
    private static long s_versions;
    private readonly Dictionary<UInt128, int> _rowOf = [];
    private readonly List<UInt128> _keys = [];
    private readonly List<byte[]> _payloads = [];
    private readonly List<long> _stamps = [];
    private float[] _matrix;

    /// <summary>Creates an empty state.</summary>
    /// <param name="dimensions">The vector size.</param>
    /// <param name="quantization">Whether to keep an 8-bit copy of the vectors for the scan (<see cref="ScanQuantization.Int8"/>).</param>
    public CollectionState(int dimensions, ScanQuantization quantization = ScanQuantization.None)
    {
        Dimensions = dimensions;
        _matrix = new float[dimensions * 1024];
        Int8 = quantization == ScanQuantization.Int8 ? new Int8Rows(dimensions) : null;
    }

    /// <summary>The 8-bit copy of the vectors, or null when the collection keeps none.</summary>
    public Int8Rows? Int8 { get; }

    /// <summary>The vector size.</summary>
    public int Dimensions { get; }

    /// <summary>The number of records.</summary>
    public int Count => _keys.Count;

    /// <summary>Changed on every change, unique across states (approximate indexes compare it to know they are stale).</summary>
    public long Version { get; private set; }

    /// <summary>The row-major vectors of all <see cref="Count"/> rows.</summary>
    public ReadOnlySpan<float> Matrix => _matrix.AsSpan(0, Count * Dimensions);

    /// <summary>The backing array of <see cref="Matrix"/> (longer than it; read only the first <see cref="Count"/> rows).</summary>
    public float[] RawMatrix => _matrix;

    /// <summary>The vector of one row.</summary>
    public ReadOnlySpan<float> VectorAt(int row) => _matrix.AsSpan(row * Dimensions, Dimensions);

    /// <summary>The key of one row.</summary>
    public UInt128 KeyAt(int row) => _keys[row];

    /// <summary>The serialized data of one row.</summary>
    public byte[] PayloadAt(int row) => _payloads[row];

    /// <summary>The <see cref="Version"/> at which the row's key was last upserted: it changes when the row's vector may have
    /// changed, and moves with the row when a delete fills a hole (the approximate index compares it to find rows to add).</summary>
    public long StampAt(int row) => _stamps[row];

    /// <summary>Finds a key's row.</summary>
    public bool TryGetRow(UInt128 key, out int row) => _rowOf.TryGetValue(key, out row);

    /// <summary>Inserts or replaces a record.</summary>
    public void Upsert(UInt128 key, ReadOnlySpan<float> vector, byte[] payload)
    {
        if (!_rowOf.TryGetValue(key, out var row))
        {
            row = _keys.Count;
            EnsureCapacity(row + 1);
            _keys.Add(key);
            _payloads.Add(payload);
            _stamps.Add(0);
            _rowOf[key] = row;
        }
        else
        {
            _payloads[row] = payload;
        }

        vector.CopyTo(_matrix.AsSpan(row * Dimensions, Dimensions));
        Int8?.Set(row, vector);
        Version = Interlocked.Increment(ref s_versions);
        _stamps[row] = Version;
    }

    /// <summary>Removes a record if present.</summary>
    public void Delete(UInt128 key)
    {
        if (!_rowOf.Remove(key, out var row))
        {
            return;
        }

        var last = _keys.Count - 1;
        if (row != last)
        {
            _keys[row] = _keys[last];
            _payloads[row] = _payloads[last];
            _stamps[row] = _stamps[last];
            _matrix.AsSpan(last * Dimensions, Dimensions).CopyTo(_matrix.AsSpan(row * Dimensions, Dimensions));
            Int8?.Move(last, row);
            _rowOf[_keys[row]] = row;
        }

        _keys.RemoveAt(last);
        _payloads.RemoveAt(last);
        _stamps.RemoveAt(last);
        Version = Interlocked.Increment(ref s_versions);
    }

    private void EnsureCapacity(int rows)
    {
        if ((long)rows * Dimensions <= _matrix.Length)
        {
            return;
        }

        var grown = new float[Math.Max((long)rows * Dimensions, (long)_matrix.Length * 2)];
        _matrix.AsSpan().CopyTo(grown);
        _matrix = grown;
    }
}
