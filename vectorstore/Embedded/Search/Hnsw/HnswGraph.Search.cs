namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>Search (hnswlib's <c>searchKnn</c> and <c>searchBaseLayer</c>): a greedy descent through the upper layers, then
/// a beam search of width ef on the layer below.</summary>
internal sealed unsafe partial class HnswGraph
{
    /// <summary>The labels of up to <paramref name="labels"/>.Length approximate nearest neighbours of <paramref name="query"/>,
    /// nearest first, with their distances (beam width max(ef, count)). Thread-safe against other searches.</summary>
    /// <returns>The number found.</returns>
    public int Search(ReadOnlySpan<float> query, Span<long> labels, Span<float> distances)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(query.Length, Dimensions);
        var (entry, top) = (_entry, _topLevel);
        if (entry < 0 || labels.Length == 0)
        {
            return 0;
        }

        var context = RentContext();
        try
        {
            fixed (float* q = query)
            {
                var nearest = Descend(q, entry, top, 0);
                SearchLayer(context, q, nearest, Math.Max(Volatile.Read(ref _ef), labels.Length), 0);
            }

            var results = context.Results;
            while (results.Count > labels.Length)
            {
                results.Pop();
            }

            var found = results.Count;
            for (var i = found - 1; i >= 0; i--)
            {
                (labels[i], distances[i]) = (results.TopNode, results.TopKey);
                results.Pop();
            }

            return found;
        }
        finally
        {
            ReturnContext(context);
        }
    }

    /// <summary>Greedy search from <paramref name="entry"/> on layers <paramref name="top"/> down to <paramref name="stop"/> + 1:
    /// on each layer move to the nearest neighbour while it is nearer than the current node.</summary>
    /// <returns>The node reached: the entry point for layer <paramref name="stop"/>.</returns>
    private int Descend(float* query, int entry, int top, int stop)
    {
        var current = entry;
        var distance = Distance(query, current);
        for (var layer = top; layer > stop; layer--)
        {
            bool moved;
            do
            {
                moved = false;
                var list = ListOf(current, layer);
                for (var i = 0; i < _m; i++)
                {
                    var candidate = list[i];
                    if (candidate < 0)
                    {
                        break;
                    }

                    var d = Distance(query, candidate);
                    if (d < distance)
                    {
                        (current, distance, moved) = (candidate, d, true);
                    }
                }
            }
            while (moved);
        }

        return current;
    }

    /// <summary>Beam search on one layer from <paramref name="entry"/>: keeps the <paramref name="ef"/> nearest found in
    /// <see cref="HnswSearchContext.Results"/> and expands the nearest unexpanded candidate until it is farther than the
    /// farthest of them.</summary>
    private void SearchLayer(HnswSearchContext context, float* query, int entry, int ef, int layer)
    {
        context.NewEpoch();
        var (candidates, results) = (context.Candidates, context.Results);
        var max = layer == 0 ? _m0 : _m;
        var d = Distance(query, entry);
        context.Visit(entry);
        candidates.Push(-d, entry);
        results.Push(d, entry);
        var bound = d;
        Span<int> fresh = stackalloc int[max];
        while (candidates.Count > 0)
        {
            var (nearest, node) = (-candidates.TopKey, candidates.TopNode);
            if (nearest > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            var list = ListOf(node, layer);
            var unseen = 0;
            for (var i = 0; i < max; i++)
            {
                var neighbour = list[i];
                if (neighbour < 0)
                {
                    break;
                }

                if (context.Visit(neighbour))
                {
                    Prefetch(neighbour);
                    fresh[unseen++] = neighbour;
                }
            }

            for (var i = 0; i < unseen; i++)
            {
                var neighbour = fresh[i];
                var distance = Distance(query, neighbour);
                if (results.Count < ef || distance < bound)
                {
                    candidates.Push(-distance, neighbour);
                    results.Push(distance, neighbour);
                    if (results.Count > ef)
                    {
                        results.Pop();
                    }

                    bound = results.TopKey;
                }
            }
        }
    }
}
