using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// A hierarchical navigable small world graph (Malkov and Yashunin, 2016; the algorithm of hnswlib) of float32 vectors whose
/// labels are their node numbers 0, 1, 2, …. Each node lives on layer 0 and, with probability <c>M^-l</c>, on layers 1..l
/// too (its level is drawn from a hash of its label, so a rebuild gives every node the same level). Layer 0 keeps up to
/// 2·M links per node, upper layers M. A search descends greedily from the top layer's entry point to layer 1, then runs a
/// beam search of width ef on layer 0 (<see cref="Search"/>); an insertion does the same with ef_construction on every layer
/// of the new node and links it to the neighbours chosen by hnswlib's heuristic (<see cref="Add"/>).
/// <para>Memory (native, freed by <see cref="Dispose"/>): one block per node of <c>dimensions</c> floats followed by the
/// layer-0 list (2·M node numbers, ended by -1 when not full: no count, so at 32 dimensions and M 16 a block is exactly four
/// 64-byte cache lines, two for the vector and two for the links), padded to 64 bytes; the upper-layer lists (M slots
/// each) of the few nodes above layer 0 in their own small blocks; one spin lock per node guarding writes to its lists.
/// Readers take no lock: a list is rewritten in place, node numbers first and the -1 fill after, so a concurrent reader sees
/// old or new node numbers, all of nodes already added, or stops early.</para>
/// Adds run on several threads at once and searches too, but not adds and searches together, nor anything during
/// <see cref="EnsureCapacity"/> (the caller's lock orders them).
/// </summary>
internal sealed unsafe partial class HnswGraph : IDisposable
{
    private const int MaxLevel = 30;
    private readonly ConcurrentBag<HnswSearchContext> _contexts = [];
    private readonly Lock _entryGate = new();
    private readonly HnswMetric _metric;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly int _nodeInts;
    private readonly double _levelScale;
    private byte* _nodes;
    private byte* _levels;
    private int** _upper;
    private int* _locks;
    private long _capacity;
    private long _count;
    private int _entry = -1;
    private int _topLevel = -1;
    private int _ef;

    private HnswGraph(HnswParameters parameters)
    {
        Dimensions = parameters.Dimensions;
        _metric = parameters.Metric;
        _m = Math.Max(2, parameters.Connectivity);
        _m0 = 2 * _m;
        _efConstruction = Math.Max(_m, parameters.ExpansionAdd);
        _ef = Math.Max(1, parameters.ExpansionSearch);
        _levelScale = 1 / Math.Log(_m);
        var bytes = ((Dimensions + _m0) * 4 + 63) / 64 * 64;
        _nodeInts = bytes / 4;
    }

    /// <summary>The vector size.</summary>
    public int Dimensions { get; }

    /// <summary>The number of vectors added.</summary>
    public long Size => Interlocked.Read(ref _count);

    /// <summary>The number of vectors room is reserved for.</summary>
    public long Capacity => _capacity;

    /// <summary>The bytes of one node's block: its vector and layer-0 list.</summary>
    private long NodeBytes => _nodeInts * 4L;

    /// <summary>Creates an empty graph of the given shape.</summary>
    public static HnswGraph Create(HnswParameters parameters) => new(parameters);

    /// <summary>Reserves room for <paramref name="capacity"/> vectors in all. Not thread-safe: call it while nothing else uses the graph.</summary>
    public void EnsureCapacity(long capacity)
    {
        if (capacity <= _capacity)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, int.MaxValue);
        _nodes = (byte*)Grow(_nodes, _capacity * NodeBytes, capacity * NodeBytes, 64);
        NativeMemory.Fill(_nodes + (_capacity * NodeBytes), (nuint)((capacity - _capacity) * NodeBytes), 0xFF); // empty lists: all -1
        _levels = (byte*)Grow(_levels, _capacity, capacity, 8);
        _upper = (int**)Grow(_upper, _capacity * sizeof(int*), capacity * sizeof(int*), 8);
        _locks = (int*)Grow(_locks, _capacity * 4, capacity * 4, 8);
        _capacity = capacity;
    }

    /// <summary>Changes the search beam width (ef).</summary>
    public void SetExpansionSearch(int ef) => Volatile.Write(ref _ef, Math.Max(1, ef));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_nodes == null)
        {
            return;
        }

        for (long node = 0; node < _capacity; node++)
        {
            NativeMemory.Free(_upper[node]);
        }

        NativeMemory.AlignedFree(_nodes);
        NativeMemory.AlignedFree(_levels);
        NativeMemory.AlignedFree(_upper);
        NativeMemory.AlignedFree(_locks);
        _nodes = null;
        _levels = null;
        _upper = null;
        _locks = null;
        _capacity = 0;
    }

    /// <summary>The vector of <paramref name="node"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* VectorOf(int node) => (float*)(_nodes + (node * NodeBytes));

    /// <summary>The list of <paramref name="node"/> on <paramref name="layer"/>: node numbers, ended by -1 when not full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int* ListOf(int node, int layer) => layer == 0
        ? (int*)(_nodes + (node * NodeBytes)) + Dimensions
        : _upper[node] + ((layer - 1) * _m);

    /// <summary>The distance between the vector at <paramref name="query"/> and <paramref name="node"/>'s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Distance(float* query, int node) => HnswDistance.Of(_metric, query, VectorOf(node), Dimensions);

    /// <summary>The number of links in a list of at most <paramref name="max"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountOf(int* list, int max)
    {
        var count = 0;
        while (count < max && list[count] >= 0)
        {
            count++;
        }

        return count;
    }

    /// <summary>Starts loading <paramref name="node"/>'s vector into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Prefetch(int node)
    {
        if (Sse.IsSupported)
        {
            var at = _nodes + (node * NodeBytes);
            Sse.Prefetch0(at);
            Sse.Prefetch0(at + 64);
            if (Dimensions > 32)
            {
                Sse.Prefetch0(at + 128);
                Sse.Prefetch0(at + 192);
            }
        }
    }

    /// <summary>The level of a label: <c>floor(-ln(u) / ln(M))</c> with u uniform in (0, 1] from a hash of the label (SplitMix64).</summary>
    private int LevelOf(long label)
    {
        var z = (ulong)label + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        var u = ((z >> 11) + 1) * (1.0 / (1UL << 53));
        return Math.Min(MaxLevel, (int)(-Math.Log(u) * _levelScale));
    }

    private HnswSearchContext RentContext()
    {
        if (!_contexts.TryTake(out var context))
        {
            context = new HnswSearchContext((int)_capacity, _m0);
        }
        else if (context.Capacity < _capacity)
        {
            context.Grow((int)_capacity);
        }

        return context;
    }

    private void ReturnContext(HnswSearchContext context) => _contexts.Add(context);

    private void LockNode(int node)
    {
        if (Interlocked.CompareExchange(ref _locks[node], 1, 0) != 0)
        {
            var spin = default(SpinWait);
            while (Interlocked.CompareExchange(ref _locks[node], 1, 0) != 0)
            {
                spin.SpinOnce();
            }
        }
    }

    private void UnlockNode(int node) => Volatile.Write(ref _locks[node], 0);

    /// <summary>Reallocates a native block, keeping its bytes and zeroing the new ones.</summary>
    private static void* Grow(void* old, long oldBytes, long newBytes, int alignment)
    {
        var block = NativeMemory.AlignedAlloc((nuint)newBytes, (nuint)alignment);
        if (old != null)
        {
            Buffer.MemoryCopy(old, block, newBytes, oldBytes);
            NativeMemory.AlignedFree(old);
        }

        NativeMemory.Clear((byte*)block + oldBytes, (nuint)(newBytes - oldBytes));
        return block;
    }
}
