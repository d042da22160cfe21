namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The scratch space of one search or insertion in an HNSW graph, rented from the graph's pool so that searches allocate
/// nothing: the visited list (one 16-bit epoch stamp per node: a node is visited when its stamp equals the current epoch,
/// so starting a search costs one increment, and the list is cleared only when the epoch wraps), the candidate and result
/// heaps, and buffers for neighbour selection.
/// </summary>
internal sealed class HnswSearchContext
{
    private ushort[] _visited;
    private ushort _epoch;

    public HnswSearchContext(int capacity, int maxLinks)
    {
        _visited = new ushort[capacity];
        Keys = new float[maxLinks + 1];
        Nodes = new int[maxLinks + 1];
        Selected = new int[maxLinks + 1];
    }

    /// <summary>The candidates still to expand (a min-heap: negated distances).</summary>
    public HnswHeap Candidates { get; } = new();

    /// <summary>The nearest found so far (a max-heap of at most ef).</summary>
    public HnswHeap Results { get; } = new();

    /// <summary>Distances of a neighbour list being pruned, or of drained results.</summary>
    public float[] Keys { get; private set; }

    /// <summary>Nodes of a neighbour list being pruned, or of drained results.</summary>
    public int[] Nodes { get; private set; }

    /// <summary>The neighbours the selection heuristic kept.</summary>
    public int[] Selected { get; }

    /// <summary>The number of nodes the visited list covers.</summary>
    public int Capacity => _visited.Length;

    /// <summary>Grows the visited list to cover <paramref name="capacity"/> nodes.</summary>
    public void Grow(int capacity)
    {
        _visited = new ushort[capacity];
        _epoch = 0;
    }

    /// <summary>Makes room for draining <paramref name="count"/> results.</summary>
    public void EnsureDrain(int count)
    {
        if (Keys.Length < count)
        {
            Keys = new float[count];
            Nodes = new int[count];
        }
    }

    /// <summary>Starts a new search: every node becomes unvisited.</summary>
    public void NewEpoch()
    {
        if (++_epoch == 0)
        {
            Array.Clear(_visited);
            _epoch = 1;
        }

        Candidates.Clear();
        Results.Clear();
    }

    /// <summary>Marks <paramref name="node"/> visited; false when it already was.</summary>
    public bool Visit(int node)
    {
        ref var stamp = ref _visited[node];
        if (stamp == _epoch)
        {
            return false;
        }

        stamp = _epoch;
        return true;
    }
}
