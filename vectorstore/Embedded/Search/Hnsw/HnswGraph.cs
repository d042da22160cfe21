using Cloud.Unum.USearch;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// One native USearch HNSW graph of float32 vectors keyed by <see cref="ulong"/> labels. Adds and searches may run on
/// several threads at once, provided capacity was reserved first (<see cref="EnsureCapacity"/>, which must not run
/// concurrently with anything else). Owns the native index; <see cref="Dispose"/> frees it.
/// </summary>
internal sealed unsafe class HnswGraph : IDisposable
{
    private const int Float32 = (int)ScalarKind.Float32;
    private nint _handle;

    private HnswGraph(nint handle, int dimensions)
    {
        _handle = handle;
        Dimensions = dimensions;
    }

    /// <summary>The vector size.</summary>
    public int Dimensions { get; }

    /// <summary>The number of vectors added.</summary>
    public long Size
    {
        get
        {
            var size = USearchNative.Size(_handle, out var error);
            USearchNative.Check(error, "size");
            return (long)size;
        }
    }

    /// <summary>The number of vectors room is reserved for.</summary>
    public long Capacity
    {
        get
        {
            var capacity = USearchNative.Capacity(_handle, out var error);
            USearchNative.Check(error, "capacity");
            return (long)capacity;
        }
    }

    /// <summary>Creates an empty graph of the given shape.</summary>
    public static HnswGraph Create(HnswParameters parameters)
    {
        var options = new USearchNative.InitOptions
        {
            MetricKind = (int)parameters.Metric,
            Quantization = Float32,
            Dimensions = (nuint)parameters.Dimensions,
            Connectivity = (nuint)parameters.Connectivity,
            ExpansionAdd = (nuint)parameters.ExpansionAdd,
            ExpansionSearch = (nuint)parameters.ExpansionSearch,
        };
        var handle = USearchNative.Init(&options, out var error);
        USearchNative.Check(error, "init");
        return new HnswGraph(handle, parameters.Dimensions);
    }

    /// <summary>Loads (copies) a graph serialized by <see cref="Save"/>; it can grow afterwards.</summary>
    public static HnswGraph Load(byte* buffer, long length, HnswParameters parameters)
    {
        var graph = Create(parameters);
        try
        {
            USearchNative.LoadBuffer(graph._handle, buffer, (nuint)length, out var error);
            USearchNative.Check(error, "load");
            USearchNative.ChangeExpansionSearch(graph._handle, (nuint)parameters.ExpansionSearch, out error);
            USearchNative.Check(error, "ef");
            graph.EnsureCapacity(Math.Max(graph.Size, 16), parameters.Threads, parameters.SearchThreads);
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Reserves room for <paramref name="capacity"/> vectors in all and sets the number of threads that may add and
    /// search at once. Not thread-safe: call it while nothing else uses the graph.</summary>
    public void EnsureCapacity(long capacity, int addThreads, int searchThreads)
    {
        USearchNative.Reserve(_handle, (nuint)capacity, out var error);
        USearchNative.Check(error, "reserve");
        USearchNative.ChangeThreadsAdd(_handle, (nuint)addThreads, out error);
        USearchNative.Check(error, "threads");
        USearchNative.ChangeThreadsSearch(_handle, (nuint)searchThreads, out error);
        USearchNative.Check(error, "threads");
    }

    /// <summary>Adds one vector (thread-safe within the reserved capacity and thread count).</summary>
    public void Add(ulong label, ReadOnlySpan<float> vector)
    {
        fixed (float* p = vector)
        {
            USearchNative.Add(_handle, label, p, Float32, out var error);
            USearchNative.Check(error, "add");
        }
    }

    /// <summary>The labels of up to <paramref name="keys"/>.Length approximate nearest neighbours, nearest first.</summary>
    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            var found = USearchNative.Search(_handle, q, Float32, (nuint)keys.Length, k, d, out var error);
            USearchNative.Check(error, "search");
            return (int)found;
        }
    }

    /// <summary>Changes the search beam width (ef).</summary>
    public void SetExpansionSearch(int ef)
    {
        USearchNative.ChangeExpansionSearch(_handle, (nuint)ef, out var error);
        USearchNative.Check(error, "ef");
    }

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedLength
    {
        get
        {
            var length = USearchNative.SerializedLength(_handle, out var error);
            USearchNative.Check(error, "serialized_length");
            return (long)length;
        }
    }

    /// <summary>Serializes the graph (vectors and links) into a new array.</summary>
    public byte[] Save()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)SerializedLength), pinned: true);
        fixed (byte* p = bytes)
        {
            USearchNative.SaveBuffer(_handle, p, (nuint)bytes.Length, out var error);
            USearchNative.Check(error, "save");
        }

        return bytes;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            USearchNative.Free(handle, out _);
        }
    }
}
