using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using SkPlugins.Core.Numerics;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// Brute-force top-k over all rows in one pass: rows are scored a block at a time by <see cref="Similarity.RankBlock"/> into a
/// stack buffer, and only rows at or above the current floor are offered to the one <see cref="TopK"/> (and to the filter). Large
/// collections are scanned in row ranges on every core, each worker keeping its own top-k; the workers' results are merged through
/// a <see cref="TopK"/> too, whose tie rule (the earlier row wins) makes the result independent of the split. A collection with an
/// 8-bit copy (<see cref="ScanQuantization.Int8"/>) is scanned on that copy for <c>max(4k, k + 32)</c> candidates, which are then
/// rescored in float32 so the keys returned are exact.
/// </summary>
internal static class ExactSearch
{
    private const int BlockRows = 256;
    private const long ParallelValues = 1L << 19;   // 2 MiB of vectors: below this one thread is faster than starting workers
    private const int ChunkValues = 1 << 20;        // 4 MiB of vectors per work item
    private const int RescoreFactor = 4;            // 8-bit scans keep k × 4 (at least k + 32) candidates for the float32 rescoring
    private const int RescoreExtra = 32;

    private delegate void ScanRange(int start, int end, TopK top);

    /// <summary>The <paramref name="k"/> best rows by rank key among those <paramref name="accept"/> allows, best first.</summary>
    /// <param name="similarity">The collection's similarity.</param>
    /// <param name="query">The query, prepared for the similarity.</param>
    /// <param name="state">The rows.</param>
    /// <param name="k">How many to keep.</param>
    /// <param name="accept">A row filter (null: all rows); called from several threads on large collections.</param>
    /// <returns>(row, rank key) pairs, larger keys first, ties by row.</returns>
    public static List<(int Row, float Key)> Top(Similarity similarity, ReadOnlyMemory<float> query, CollectionState state, int k, Func<int, bool>? accept)
    {
        var count = state.Count;
        var d = state.Dimensions;
        if (k <= 0 || count == 0)
        {
            return [];
        }

        if (state.Int8 is { } int8 && similarity.SupportsInt8)
        {
            return Rescore(query.Span, state, k, Candidates(count, (long)count * d / 4, Math.Max(k * RescoreFactor, k + RescoreExtra), (start, end, top) =>
                ScanInt8(query.Span, int8, start, end, top, accept)));
        }

        var matrix = state.RawMatrix;
        return Candidates(count, (long)count * d, k, (start, end, top) => Scan(similarity, query.Span, matrix, d, start, end, top, accept));
    }

    /// <summary>The best <paramref name="k"/> rows a scan of row ranges offers: one range when the scan reads little, else ranges of
    /// about 4 MiB spread over the cores, each worker with its own <see cref="TopK"/>, merged through one.</summary>
    private static List<(int Row, float Key)> Candidates(int count, long values, int k, ScanRange scan)
    {
        if (values < ParallelValues || Environment.ProcessorCount == 1)
        {
            var top = new TopK(k);
            scan(0, count, top);
            return top.Drain();
        }

        var chunkRows = (int)Math.Max(BlockRows, ChunkValues * (long)count / values);
        var chunks = (count + chunkRows - 1) / chunkRows;
        var merged = new TopK(k);
        var gate = new object();
        Parallel.For(
            0,
            chunks,
            () => new TopK(k),
            (chunk, _, local) =>
            {
                var start = chunk * chunkRows;
                scan(start, Math.Min(count, start + chunkRows), local);
                return local;
            },
            local =>
            {
                var found = local.Drain();
                lock (gate)
                {
                    foreach (var (row, key) in found)
                    {
                        merged.Add(row, key);
                    }
                }
            });
        return merged.Drain();
    }

    /// <summary>Scores every row with <paramref name="score"/> (called with a row index) into a new array.</summary>
    public static float[] ScoreAll(int count, Func<int, float> score)
    {
        var scores = new float[count];
        if (count < ParallelValues / 8)
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
        Offer(rankKeys, 0, top, accept);
        return top.Drain();
    }

    /// <summary>The exact float32 dot products of the candidates, best <paramref name="k"/> first (ties: earlier row).</summary>
    private static List<(int Row, float Key)> Rescore(ReadOnlySpan<float> query, CollectionState state, int k, List<(int Row, float Key)> candidates)
    {
        var top = new TopK(k);
        foreach (var (row, _) in candidates)
        {
            top.Add(row, TensorPrimitives.Dot(query, state.VectorAt(row)));
        }

        return top.Drain();
    }

    private static void ScanInt8(ReadOnlySpan<float> query, Int8Rows rows, int start, int end, TopK top, Func<int, bool>? accept)
    {
        Span<float> keys = stackalloc float[BlockRows];
        for (var first = start; first < end; first += BlockRows)
        {
            var n = Math.Min(BlockRows, end - first);
            var block = keys[..n];
            Int8Kernels.Dot(query, rows.Codes(first, n), rows.Scales(first, n), block);
            Offer(block, first, top, accept);
        }
    }

    private static void Scan(Similarity similarity, ReadOnlySpan<float> query, float[] matrix, int d, int start, int end, TopK top, Func<int, bool>? accept)
    {
        Span<float> keys = stackalloc float[BlockRows];
        for (var first = start; first < end; first += BlockRows)
        {
            var n = Math.Min(BlockRows, end - first);
            var block = keys[..n];
            similarity.RankBlock(query, matrix.AsSpan(first * d, n * d), block);
            Offer(block, first, top, accept);
        }
    }

    /// <summary>Offers the rows whose keys reach the current floor (and pass the filter) to <paramref name="top"/>; once the top-k
    /// is full almost no row does, so the keys are compared with the floor a vector at a time and only hits are looked at.</summary>
    private static void Offer(ReadOnlySpan<float> keys, int firstRow, TopK top, Func<int, bool>? accept)
    {
        var floor = top.Floor;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= keys.Length; i += Vector256<float>.Count)
            {
                var hits = Vector256.GreaterThanOrEqual(Vector256.Create(keys.Slice(i, Vector256<float>.Count)), Vector256.Create(floor)).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(hits);
                    hits &= hits - 1;
                    floor = OfferOne(keys[i + lane], firstRow + i + lane, floor, top, accept);
                }
            }
        }

        for (; i < keys.Length; i++)
        {
            if (keys[i] >= floor)
            {
                floor = OfferOne(keys[i], firstRow + i, floor, top, accept);
            }
        }
    }

    private static float OfferOne(float key, int row, float floor, TopK top, Func<int, bool>? accept)
    {
        if (key < floor || (accept is not null && !accept(row)))
        {
            return floor;
        }

        top.Add(row, key);
        return top.Floor;
    }
}
