using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Storage;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>
/// The exact scan (<see cref="ExactSearch.Top"/>) against a naive double-precision scan written out here: every distance, dimensions
/// below, at and between SIMD widths, collections smaller than k, one block, many blocks and the multi-threaded path, ties, filters.
/// </summary>
public sealed class ExactSearchTests
{
    private const double Tolerance = 2e-5;

    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        string[] distances = [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance, DistanceFunction.ManhattanDistance];
        foreach (var distance in distances)
        {
            foreach (var dims in new[] { 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 50 })
            {
                data.Add(distance, dims, 1000, 10);
            }

            data.Add(distance, 32, 5, 10);          // fewer rows than k
            data.Add(distance, 32, 259, 10);        // one full block and a partial one; 259 is not a multiple of 4
            data.Add(distance, 32, 70_001, 10);     // the multi-threaded path (more than 2 MiB of vectors), uneven chunks
            data.Add(distance, 384, 3_001, 25);     // MiniLM's size, k not a multiple of anything
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TopMatchesNaiveScan(string distance, int dims, int count, int k)
    {
        var (similarity, state, rows) = Collection(distance, dims, count, seed: dims * 31 + count);
        var query = Query(similarity, dims, seed: 5);

        var found = ExactSearch.Top(similarity, query, state, k, accept: null);

        AssertSameRanking(Naive(similarity, rows, query, k, accept: null), found, rows, query, similarity);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(70_001)]
    public void FilterIsAppliedWhileRanking(int count)
    {
        var (similarity, state, rows) = Collection(DistanceFunction.CosineSimilarity, 32, count, seed: 3);
        var query = Query(similarity, 32, seed: 9);
        Func<int, bool> accept = row => row % 7 == 3;

        var found = ExactSearch.Top(similarity, query, state, 10, accept);

        Assert.All(found, h => Assert.Equal(3, h.Row % 7));
        AssertSameRanking(Naive(similarity, rows, query, 10, accept), found, rows, query, similarity);
    }

    [Fact]
    public void FilterRejectingEverythingGivesNothing()
    {
        var (similarity, state, _) = Collection(DistanceFunction.CosineSimilarity, 16, 500, seed: 1);
        Assert.Empty(ExactSearch.Top(similarity, Query(similarity, 16, seed: 2), state, 10, _ => false));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)] // several chunks scanned by different workers: the earliest rows still win
    public void TiesGoToTheEarlierRowWhateverTheSplit(int count)
    {
        var similarity = Similarity.For(DistanceFunction.DotProductSimilarity);
        var state = new CollectionState(32);
        var vector = Enumerable.Range(0, 32).Select(i => (float)Math.Sin(i)).ToArray();
        for (var row = 0; row < count; row++)
        {
            state.Upsert((UInt128)row, vector, []);
        }

        var found = ExactSearch.Top(similarity, vector, state, 10, accept: null);

        Assert.Equal(Enumerable.Range(0, 10), found.Select(h => h.Row));
        Assert.Single(found.Select(h => h.Key).Distinct());
    }

    [Fact]
    public void EmptyCollectionAndZeroKGiveNothing()
    {
        var similarity = Similarity.For(DistanceFunction.CosineSimilarity);
        Assert.Empty(ExactSearch.Top(similarity, new float[4], new CollectionState(4), 10, null));
        var (_, state, _) = Collection(DistanceFunction.CosineSimilarity, 4, 10, seed: 1);
        Assert.Empty(ExactSearch.Top(similarity, Query(similarity, 4, seed: 1), state, 0, null));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(50)]
    public void BlockKernelsEqualTensorPrimitivesPerRow(int dims)
    {
        var random = new Random(dims);
        var query = Enumerable.Range(0, dims).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var rows = Enumerable.Range(0, dims * 11).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var dots = new float[11];
        var squared = new float[11];
        BlockKernels.Dot(query, rows, dots);
        BlockKernels.SquaredDistance(query, rows, squared);
        for (var r = 0; r < 11; r++)
        {
            var row = rows.AsSpan(r * dims, dims);
            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(query, row), dots[r], 1e-5f);
            Assert.Equal(Math.Pow(System.Numerics.Tensors.TensorPrimitives.Distance(query, row), 2), squared[r], 1e-5);
        }

        Assert.Throws<ArgumentException>(() => BlockKernels.Dot(query, rows.AsSpan(0, (dims * 11) - 1), dots));
    }

    private static (Similarity Similarity, CollectionState State, float[][] Rows) Collection(string distance, int dims, int count, int seed)
    {
        var similarity = Similarity.For(distance);
        var state = new CollectionState(dims);
        var random = new Random(seed);
        var rows = new float[count][];
        for (var row = 0; row < count; row++)
        {
            var v = Enumerable.Range(0, dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            similarity.Prepare(v);
            rows[row] = v;
            state.Upsert((UInt128)row, v, []);
        }

        return (similarity, state, rows);
    }

    private static float[] Query(Similarity similarity, int dims, int seed)
    {
        var random = new Random(seed);
        var q = Enumerable.Range(0, dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        similarity.Prepare(q);
        return q;
    }

    /// <summary>The rank key (larger is better) in double precision, from the distance's definition.</summary>
    private static double Key(Similarity similarity, float[] row, float[] query)
    {
        double dot = 0, squared = 0, manhattan = 0;
        for (var i = 0; i < row.Length; i++)
        {
            dot += (double)row[i] * query[i];
            squared += ((double)row[i] - query[i]) * ((double)row[i] - query[i]);
            manhattan += Math.Abs((double)row[i] - query[i]);
        }

        return similarity.Distance switch
        {
            DistanceFunction.EuclideanDistance => -Math.Sqrt(squared),
            DistanceFunction.ManhattanDistance => -manhattan,
            _ => dot,
        };
    }

    private static List<(int Row, double Key)> Naive(Similarity similarity, float[][] rows, float[] query, int k, Func<int, bool>? accept) => Enumerable.Range(0, rows.Length)
        .Where(row => accept is null || accept(row))
        .Select(row => (row, Key(similarity, rows[row], query)))
        .OrderByDescending(h => h.Item2).ThenBy(h => h.row)
        .Take(k)
        .ToList();

    /// <summary>Same length, the same key at every position, and every returned key is its row's true key: the same rows, up to
    /// swaps between rows whose keys differ by less than float rounding.</summary>
    private static void AssertSameRanking(List<(int Row, double Key)> expected, List<(int Row, float Key)> found, float[][] rows, float[] query, Similarity similarity)
    {
        Assert.Equal(expected.Count, found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            var tolerance = Tolerance * Math.Max(1, Math.Abs(expected[i].Key)); // float sums of large distances round in the 7th digit
            Assert.Equal(expected[i].Key, found[i].Key, tolerance);
            Assert.Equal(Key(similarity, rows[found[i].Row], query), found[i].Key, tolerance);
            if (i > 0)
            {
                Assert.True(found[i - 1].Key >= found[i].Key, $"results out of order at {i}");
            }
        }

        Assert.Equal(found.Count, found.Select(h => h.Row).Distinct().Count());
        var differing = expected.Select(h => h.Row).Except(found.Select(h => h.Row)).ToList();
        Assert.True(differing.Count == 0 || Math.Abs(expected[^1].Key - found[^1].Key) < Tolerance * Math.Max(1, Math.Abs(expected[^1].Key)), $"rows {string.Join(",", differing)} missing");
    }
}
