namespace SkPlugins.Core.Numerics;

/// <summary>
/// Keeps the <c>k</c> best (row, rank key) pairs offered: a bounded min-heap whose root is the weakest kept pair. Larger keys
/// are better; on equal keys the earlier row wins, so results are deterministic. The one top-k selection of the project:
/// exact vector search, word-vector neighbours and static token-embedding neighbours all rank through it.
/// </summary>
internal sealed class TopK
{
    private readonly PriorityQueue<int, (float Key, int Row)> _heap;
    private readonly int _k;

    /// <summary>Creates a selector for <paramref name="k"/> results.</summary>
    public TopK(int k)
    {
        _k = k;
        _heap = new PriorityQueue<int, (float, int)>(k + 1, Comparer<(float Key, int Row)>.Create(static (a, b) =>
        {
            var c = a.Key.CompareTo(b.Key);
            return c != 0 ? c : b.Row.CompareTo(a.Row); // on ties the later row is worse, so earlier rows win
        }));
    }

    /// <summary>The worst key kept once full, or negative infinity.</summary>
    public float Floor => _heap.Count == _k && _heap.TryPeek(out _, out var p) ? p.Key : float.NegativeInfinity;

    /// <summary>Offers a candidate.</summary>
    public void Add(int row, float key)
    {
        if (_k == 0)
        {
            return;
        }

        if (_heap.Count < _k)
        {
            _heap.Enqueue(row, (key, row));
        }
        else if (_heap.TryPeek(out _, out var worst) && (key > worst.Key || (key == worst.Key && row < worst.Row)))
        {
            _heap.DequeueEnqueue(row, (key, row));
        }
    }

    /// <summary>The kept rows, best first.</summary>
    public List<(int Row, float Key)> Drain()
    {
        var list = new List<(int, float)>(_heap.Count);
        while (_heap.TryDequeue(out var row, out var p))
        {
            list.Add((row, p.Key));
        }

        list.Reverse();
        return list;
    }
}
