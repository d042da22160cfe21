using System.Runtime.CompilerServices;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// A binary max-heap of (distance, node) pairs, the largest distance on top; a min-heap is the same with negated distances.
/// Grows as needed and is reused across searches (<see cref="Clear"/>), so a search allocates nothing.
/// </summary>
internal sealed class HnswHeap
{
    private float[] _keys = new float[64];
    private int[] _nodes = new int[64];

    /// <summary>The number of pairs held.</summary>
    public int Count { get; private set; }

    /// <summary>The largest key.</summary>
    public float TopKey => _keys[0];

    /// <summary>The node of the largest key.</summary>
    public int TopNode => _nodes[0];

    /// <summary>Empties the heap.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds a pair.</summary>
    public void Push(float key, int node)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _nodes, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_keys[parent] >= key)
            {
                break;
            }

            _keys[i] = _keys[parent];
            _nodes[i] = _nodes[parent];
            i = parent;
        }

        _keys[i] = key;
        _nodes[i] = node;
    }

    /// <summary>Removes the pair with the largest key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop()
    {
        var last = --Count;
        if (last > 0)
        {
            SiftDown(_keys[last], _nodes[last], last);
        }
    }

    /// <summary>Writes the pairs into <paramref name="keys"/> and <paramref name="nodes"/> in ascending key order and empties the heap.</summary>
    public int Drain(Span<float> keys, Span<int> nodes)
    {
        var count = Count;
        for (var i = count - 1; i >= 0; i--)
        {
            keys[i] = _keys[0];
            nodes[i] = _nodes[0];
            Pop();
        }

        return count;
    }

    private void SiftDown(float key, int node, int count)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && _keys[child + 1] > _keys[child])
            {
                child++;
            }

            if (_keys[child] <= key)
            {
                break;
            }

            _keys[i] = _keys[child];
            _nodes[i] = _nodes[child];
            i = child;
        }

        _keys[i] = key;
        _nodes[i] = node;
    }
}
