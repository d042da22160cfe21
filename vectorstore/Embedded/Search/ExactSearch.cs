using SkPlugins.Core.Numerics;
namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>Brute-force top-k over all rows: SIMD scoring, chunked over cores for large collections.</summary>
internal static class ExactSearch
{
    private const int ParallelThreshold = 65_536;

    /// <summary>The rank keys (larger is better) of every row of <paramref name="state"/> for a prepared query.</summary>
    public static float[] RankAll(Similarity similarity, float[] query, Storage.CollectionState state)
    {
        var count = state.Count;
        var keys = new float[count];
        var matrix = state.RawMatrix;
        var d = state.Dimensions;
        if (count < ParallelThreshold)
        {
            similarity.RankRows(query, matrix, d, 0, count, keys);
        }
        else
        {
            const int chunk = 16_384;
            Parallel.For(0, (count + chunk - 1) / chunk, c => similarity.RankRows(query, matrix, d, c * chunk, Math.Min(count, (c + 1) * chunk), keys));
        }

        return keys;
    }

    /// <summary>Scores every row with <paramref name="score"/> (called with a row index) into a new array.</summary>
    public static float[] ScoreAll(int count, Func<int, float> score)
    {
        var scores = new float[count];
        if (count < ParallelThreshold)
        {
            for (var row = 0; row < count; row++)
            {
                scores[row] = score(row);
            }
        }
        else
        {
            const int chunk = 16_384;
            Parallel.For(0, (count + chunk - 1) / chunk, c =>
            {
                var end = Math.Min(count, (c + 1) * chunk);
                for (var row = c * chunk; row < end; row++)
                {
                    scores[row] = score(row);
                }
            });
        }

        return scores;
    }

    /// <summary>The best rows by rank key among those <paramref name="accept"/> allows, best first.</summary>
    /// <param name="rankKeys">Larger is better.</param>
    /// <param name="k">How many to keep.</param>
    /// <param name="accept">A row filter (null: all rows).</param>
    public static List<(int Row, float Key)> Select(float[] rankKeys, int k, Func<int, bool>? accept)
    {
        var top = new TopK(k);
        for (var row = 0; row < rankKeys.Length; row++)
        {
            var key = rankKeys[row];
            if (key < top.Floor)
            {
                continue;
            }

            if (accept is null || accept(row))
            {
                top.Add(row, key);
            }
        }

        return top.Drain();
    }
}
