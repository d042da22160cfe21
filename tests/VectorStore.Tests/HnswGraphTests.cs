using SkPlugins.VectorStore.Embedded.Search.Hnsw;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>
/// The HNSW graph itself (hnswlib's algorithm, ours): recall@10 against an exact double-precision scan written out here, on
/// seeded random data, built on two threads; a saved graph loads back answering identically and keeps growing; damaged
/// bytes are refused instead of trusted. The store-level behaviour (file, sync, reader processes) is in <see cref="HnswIndexTests"/>.
/// </summary>
public sealed class HnswGraphTests
{
    private const int K = 10;

    [Theory]
    [InlineData(10_000, 32, true, 128)]
    [InlineData(6_000, 50, true, 128)]
    [InlineData(5_000, 20, false, 128)]
    [InlineData(5_000, 7, false, 64)]
    public void BuiltOnTwoThreadsItFindsTheExactTopTenAtHighRecall(int n, int d, bool innerProduct, int ef)
    {
        var metric = innerProduct ? HnswMetric.InnerProduct : HnswMetric.SquaredEuclidean;
        var data = Vectors(n, d, seed: 1);
        var queries = Vectors(200, d, seed: 2);
        using var graph = Build(data, n, d, metric, ef, threads: 2);
        Assert.Equal(n, graph.Size);
        Assert.InRange(Recall(graph, data, queries, d, metric), 0.95, 1.0);
    }

    [Fact]
    public void MoreBeamWidthGivesMoreRecall()
    {
        var (n, d) = (8_000, 32);
        var data = Vectors(n, d, seed: 3);
        var queries = Vectors(200, d, seed: 4);
        using var graph = Build(data, n, d, HnswMetric.InnerProduct, ef: 10, threads: 1);
        var narrow = Recall(graph, data, queries, d, HnswMetric.InnerProduct);
        graph.SetExpansionSearch(200);
        var wide = Recall(graph, data, queries, d, HnswMetric.InnerProduct);
        Assert.True(wide > narrow, $"recall at ef 200 ({wide}) should beat ef 10 ({narrow})");
        Assert.InRange(wide, 0.97, 1.0);
    }

    [Fact]
    public unsafe void ASavedGraphLoadsBackAnsweringTheSameAndKeepsGrowing()
    {
        var (n, d, more) = (3_000, 16, 1_000);
        var data = Vectors(n + more, d, seed: 5);
        var queries = Vectors(50, d, seed: 6);
        using var graph = Build(data, n, d, HnswMetric.InnerProduct, ef: 64, threads: 2);
        var bytes = graph.Save(chunkSize: 4_099).ToArray(); // chunk boundaries inside node blocks, as past 1 GiB
        Assert.Equal(graph.SerializedLength, bytes.Length);
        Assert.Equal(graph.Save().ToArray(), bytes);
        using var loaded = Load(bytes, Parameters(d, HnswMetric.InnerProduct, 64));
        Assert.Equal(n, loaded.Size);
        for (var q = 0; q < 50; q++)
        {
            Assert.Equal(TopLabels(graph, queries.AsSpan(q * d, d)), TopLabels(loaded, queries.AsSpan(q * d, d)));
        }

        loaded.EnsureCapacity(n + more);
        Parallel.For(n, n + more, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => loaded.Add(i, data.AsSpan(i * d, d)));
        Assert.Equal(n + more, loaded.Size);
        Assert.InRange(Recall(loaded, data, queries, d, HnswMetric.InnerProduct), 0.95, 1.0);
    }

    [Theory]
    [InlineData("link")]
    [InlineData("shape")]
    [InlineData("short")]
    public unsafe void DamagedBytesAreRefused(string damage)
    {
        var d = 8;
        var data = Vectors(500, d, seed: 7);
        using var graph = Build(data, 500, d, HnswMetric.InnerProduct, ef: 32, threads: 1);
        var bytes = graph.Save().ToArray();
        var nodeBytes = BitConverter.ToInt32(bytes, 28) * 4;
        switch (damage)
        {
            case "link": // node 0's first layer-0 link → far outside the graph
                BitConverter.GetBytes(1_000_000).CopyTo(bytes, 32 + (d * 4) + 4);
                break;
            case "shape":
                BitConverter.GetBytes(9).CopyTo(bytes, 4);
                break;
            default:
                bytes = bytes[..(32 + (100 * nodeBytes))];
                break;
        }

        var error = Assert.Throws<InvalidOperationException>(() => Load(bytes, Parameters(d, HnswMetric.InnerProduct, 32)).Dispose());
        Assert.Contains("HNSW", error.Message);
    }

    private static HnswParameters Parameters(int d, HnswMetric metric, int ef) => new(d, metric, 16, 100, ef, 2);

    private static HnswGraph Build(float[] data, int n, int d, HnswMetric metric, int ef, int threads)
    {
        var graph = HnswGraph.Create(Parameters(d, metric, ef));
        graph.EnsureCapacity(n);
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => graph.Add(i, data.AsSpan(i * d, d)));
        return graph;
    }

    private static unsafe HnswGraph Load(byte[] bytes, HnswParameters parameters)
    {
        fixed (byte* p = bytes)
        {
            return HnswGraph.Load(p, bytes.Length, parameters);
        }
    }

    private static long[] TopLabels(HnswGraph graph, ReadOnlySpan<float> query)
    {
        var labels = new long[K];
        var found = graph.Search(query, labels, new float[K]);
        return labels[..found];
    }

    /// <summary>recall@10 of the graph against an exact double-precision scan.</summary>
    private static double Recall(HnswGraph graph, float[] data, float[] queries, int d, HnswMetric metric)
    {
        var n = (int)graph.Size;
        var hits = 0;
        var count = queries.Length / d;
        for (var q = 0; q < count; q++)
        {
            var query = queries.AsSpan(q * d, d).ToArray();
            var exact = Enumerable.Range(0, n).OrderBy(i => Distance(query, data.AsSpan(i * d, d), metric)).Take(K).Select(i => (long)i).ToHashSet();
            hits += TopLabels(graph, query).Count(exact.Contains);
        }

        return hits / (double)(K * count);
    }

    private static double Distance(float[] a, ReadOnlySpan<float> b, HnswMetric metric)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += metric == HnswMetric.InnerProduct ? -(double)a[i] * b[i] : ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        }

        return sum;
    }

    /// <summary>Gaussian random vectors scaled to unit length (uniform on the sphere; the benchmark uses a uniform cube instead).</summary>
    private static float[] Vectors(int n, int d, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[n * d];
        for (var i = 0; i < n; i++)
        {
            var row = Enumerable.Range(0, d).Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
            var norm = Math.Sqrt(row.Sum(x => x * x));
            row.Select(x => (float)(x / norm)).ToArray().CopyTo(vectors, i * d);
        }

        return vectors;
    }
}
