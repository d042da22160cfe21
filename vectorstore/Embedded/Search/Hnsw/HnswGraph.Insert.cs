using System.Runtime.InteropServices;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>Insertion (hnswlib's <c>addPoint</c>): descend to the new node's level, then on each of its layers find
/// ef_construction candidates, keep M by the heuristic, link both ways and prune neighbours that overflow.</summary>
internal sealed unsafe partial class HnswGraph
{
    /// <summary>Adds one vector as node <paramref name="label"/> (below <see cref="Capacity"/>, added once). Thread-safe
    /// against other adds.</summary>
    public void Add(long label, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, _capacity);
        ArgumentOutOfRangeException.ThrowIfNotEqual(vector.Length, Dimensions);
        var node = (int)label;
        var level = LevelOf(label);
        vector.CopyTo(new Span<float>(VectorOf(node), Dimensions));
        if (level > 0)
        {
            var bytes = (nuint)(level * _m * sizeof(int));
            var lists = (int*)NativeMemory.Alloc(bytes);
            NativeMemory.Fill(lists, bytes, 0xFF); // empty lists: all -1
            _upper[node] = lists;
        }

        _levels[node] = (byte)level;
        int entry, top;
        lock (_entryGate)
        {
            (entry, top) = (_entry, _topLevel);
            if (entry < 0)
            {
                (_entry, _topLevel) = (node, level);
                Interlocked.Increment(ref _count);
                return;
            }
        }

        var query = VectorOf(node);
        var context = RentContext();
        var layers = Math.Min(level, top) + 1;
        Span<int> chosen = stackalloc int[layers * _m];
        Span<int> counts = stackalloc int[layers];
        try
        {
            var nearest = Descend(query, entry, top, level);
            for (var layer = layers - 1; layer >= 0; layer--)
            {
                SearchLayer(context, query, nearest, _efConstruction, layer);
                var count = context.Results.Count;
                context.EnsureDrain(count);
                context.Results.Drain(context.Keys, context.Nodes);
                var kept = SelectNeighbours(context.Keys, context.Nodes, count, _m, context.Selected);
                var links = chosen.Slice(layer * _m, kept);
                context.Selected.AsSpan(0, kept).CopyTo(links); // Connect reuses the context's buffers
                counts[layer] = kept;
                nearest = links[0];
                Link(node, layer, links);
            }

            // Only now can other inserts reach the node, through these back links: every list of its own is written, so no other
            // insert starts a search from it while it has no links yet, nor adds a link to it that its own Link would overwrite.
            for (var layer = layers - 1; layer >= 0; layer--)
            {
                foreach (var neighbour in chosen.Slice(layer * _m, counts[layer]))
                {
                    Connect(context, neighbour, node, layer);
                }
            }
        }
        finally
        {
            ReturnContext(context);
        }

        Interlocked.Increment(ref _count);
        if (level > top)
        {
            lock (_entryGate)
            {
                if (level > _topLevel)
                {
                    (_entry, _topLevel) = (node, level);
                }
            }
        }
    }

    /// <summary>hnswlib's neighbour-selection heuristic (<c>getNeighborsByHeuristic2</c>): walking the candidates nearest
    /// first, keep one only if it is nearer to the base than to every one kept before, up to <paramref name="max"/>. This keeps
    /// links spread in different directions (it bridges clusters), instead of the M nearest, which may all sit together.</summary>
    /// <param name="keys">The candidates' distances to the base, ascending.</param>
    /// <param name="nodes">The candidates.</param>
    /// <param name="count">The number of candidates.</param>
    /// <param name="max">The most to keep.</param>
    /// <param name="selected">Receives the kept nodes, nearest first.</param>
    /// <returns>The number kept.</returns>
    private int SelectNeighbours(float[] keys, int[] nodes, int count, int max, int[] selected)
    {
        if (count <= max)
        {
            nodes.AsSpan(0, count).CopyTo(selected);
            return count;
        }

        var kept = 0;
        for (var i = 0; i < count && kept < max; i++)
        {
            var candidate = VectorOf(nodes[i]);
            var good = true;
            for (var j = 0; j < kept; j++)
            {
                if (Distance(candidate, selected[j]) < keys[i])
                {
                    good = false;
                    break;
                }
            }

            if (good)
            {
                selected[kept++] = nodes[i];
            }
        }

        return kept;
    }

    /// <summary>Writes <paramref name="node"/>'s own list on <paramref name="layer"/>.</summary>
    private void Link(int node, int layer, ReadOnlySpan<int> neighbours)
    {
        LockNode(node);
        Write(ListOf(node, layer), layer == 0 ? _m0 : _m, neighbours);
        UnlockNode(node);
    }

    /// <summary>Adds the back link <paramref name="neighbour"/> → <paramref name="node"/>; when the list is full, re-selects
    /// it by the heuristic among its links and the new node.</summary>
    private void Connect(HnswSearchContext context, int neighbour, int node, int layer)
    {
        var max = layer == 0 ? _m0 : _m;
        var list = ListOf(neighbour, layer);
        LockNode(neighbour);
        try
        {
            var count = CountOf(list, max);
            if (count < max)
            {
                list[count] = node; // the slots after it are -1 already
                return;
            }

            var heap = context.Candidates;
            heap.Clear();
            var from = VectorOf(neighbour);
            heap.Push(Distance(from, node), node);
            for (var i = 0; i < count; i++)
            {
                heap.Push(Distance(from, list[i]), list[i]);
            }

            var total = heap.Count;
            context.EnsureDrain(total);
            heap.Drain(context.Keys, context.Nodes);
            var kept = SelectNeighbours(context.Keys, context.Nodes, total, max, context.Selected);
            Write(list, max, context.Selected.AsSpan(0, kept));
        }
        finally
        {
            UnlockNode(neighbour);
        }
    }

    /// <summary>Writes a list in place: the node numbers, then -1 in the slots left (call holding the node's lock).</summary>
    private static void Write(int* list, int max, ReadOnlySpan<int> neighbours)
    {
        neighbours.CopyTo(new Span<int>(list, neighbours.Length));
        new Span<int>(list + neighbours.Length, max - neighbours.Length).Fill(-1);
    }
}
