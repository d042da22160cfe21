using Microsoft.Extensions.VectorData;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>
/// The optional 8-bit scan (<see cref="ScanQuantization.Int8"/>): recall@10 against the float32 scan, exact returned scores, filters,
/// the kernel against scalar arithmetic, and the option fixed per collection in <c>collection.json</c>.
/// </summary>
public sealed class Int8ScanTests
{
    [Theory]
    [InlineData(20_000, 32)]
    [InlineData(70_001, 32)]   // the multi-threaded path
    [InlineData(5_000, 50)]    // a dimension that is not a multiple of 16
    public void RecallAgainstTheFloatScanAndExactScores(int count, int dims)
    {
        var similarity = Similarity.For(DistanceFunction.CosineSimilarity);
        var (exact, int8) = (new CollectionState(dims), new CollectionState(dims, ScanQuantization.Int8));
        var random = new Random(count);
        for (var row = 0; row < count; row++)
        {
            var v = RandomVector(random, dims);
            similarity.Prepare(v);
            exact.Upsert((UInt128)row, v, []);
            int8.Upsert((UInt128)row, v, []);
        }

        var hits = 0;
        const int Queries = 50;
        for (var i = 0; i < Queries; i++)
        {
            var q = RandomVector(random, dims);
            similarity.Prepare(q);
            var truth = ExactSearch.Top(similarity, q, exact, 10, null);
            var found = ExactSearch.Top(similarity, q, int8, 10, null);
            Assert.Equal(10, found.Count);
            hits += found.Count(h => truth.Any(t => t.Row == h.Row));
            Assert.All(found, h => Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(q, exact.VectorAt(h.Row)), h.Key)); // rescored in float32
        }

        Assert.InRange(hits / (10.0 * Queries), 0.99, 1.0);
    }

    [Fact]
    public void FilterAndDeletionKeepTheCopyInStep()
    {
        var similarity = Similarity.For(DistanceFunction.DotProductSimilarity);
        var state = new CollectionState(16, ScanQuantization.Int8);
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 3000).Select(_ => RandomVector(random, 16)).ToList();
        for (var row = 0; row < vectors.Count; row++)
        {
            state.Upsert((UInt128)row, vectors[row], []);
        }

        for (var key = 0; key < 3000; key += 3)
        {
            state.Delete((UInt128)key); // moves last rows into the holes: the 8-bit rows must move with them
        }

        var q = RandomVector(random, 16);
        var found = ExactSearch.Top(similarity, q, state, 5, row => ((ulong)state.KeyAt(row) % 2) == 0);
        var expected = Enumerable.Range(0, 3000).Where(key => key % 3 != 0 && key % 2 == 0)
            .OrderByDescending(key => System.Numerics.Tensors.TensorPrimitives.Dot(q, vectors[key])).Take(5).ToList();
        Assert.Equal(expected, found.Select(h => (int)state.KeyAt(h.Row)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(50)]
    public void KernelEqualsScalarArithmetic(int dims)
    {
        var random = new Random(dims);
        var rows = new Int8Rows(dims);
        var vectors = Enumerable.Range(0, 9).Select(_ => RandomVector(random, dims)).ToList();
        for (var r = 0; r < vectors.Count; r++)
        {
            rows.Set(r, vectors[r]);
        }

        var q = RandomVector(random, dims);
        var scores = new float[9];
        Int8Kernels.Dot(q, rows.Codes(0, 9), rows.Scales(0, 9), scores);
        for (var r = 0; r < 9; r++)
        {
            var codes = rows.Codes(r, 1);
            var scale = rows.Scales(r, 1)[0];
            var expected = 0.0;
            for (var j = 0; j < dims; j++)
            {
                Assert.InRange(Math.Abs(codes[j] * scale - vectors[r][j]), 0, scale / 2 * 1.0001); // rounding error at most half a step
                expected += codes[j] * (double)q[j];
            }

            Assert.Equal(expected * scale, scores[r], 1e-4);
        }
    }

    [Fact]
    public async Task TheOptionIsFixedPerCollectionInCollectionJson()
    {
        using var temp = new TempFolder();
        var definition = RecordDefinitions.Words(8);
        var records = Enumerable.Range(1, 100).Select(i => new WordRecord { Id = (ulong)i, Word = $"w{i}", Vector = RandomVector(new Random(i), 8) }).ToList();
        using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = temp.Path, ScanQuantization = ScanQuantization.Int8 }))
        {
            foreach (var name in new[] { "quantized", "euclidean" })
            {
                var def = RecordDefinitions.Words(8);
                if (name == "euclidean")
                {
                    def.Properties.OfType<VectorStoreVectorProperty>().Single().DistanceFunction = DistanceFunction.EuclideanDistance;
                }

                var collection = store.GetCollection<ulong, WordRecord>(name, def);
                await collection.EnsureCollectionExistsAsync();
                await collection.UpsertAsync(records);
            }
        }

        using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = temp.Path }))
        {
            var plain = store.GetCollection<ulong, WordRecord>("plain", definition);
            await plain.EnsureCollectionExistsAsync();
            await plain.UpsertAsync(records);
            var hits = await store.GetCollection<ulong, WordRecord>("quantized", definition).SearchAsync(records[0].Vector, 3).ToListAsync();
            Assert.Equal(1UL, hits[0].Record.Id);
        }

        Assert.Contains("\"quantization\": \"int8\"", File.ReadAllText(Path.Combine(temp.Path, "quantized", "collection.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("quantization", File.ReadAllText(Path.Combine(temp.Path, "euclidean", "collection.json")), StringComparison.Ordinal); // distances have no 8-bit scan
        Assert.DoesNotContain("quantization", File.ReadAllText(Path.Combine(temp.Path, "plain", "collection.json")), StringComparison.Ordinal);
        using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = temp.Path, ScanQuantization = ScanQuantization.Int8 }))
        {
            Assert.NotNull(Storage(store, temp.Path, "quantized").Read(s => s.Int8)); // reopened from disk (snapshot + log) with its 8-bit copy
            Assert.Null(Storage(store, temp.Path, "plain").Read(s => s.Int8));        // created without it: the option does not change it
        }

        File.WriteAllText(Path.Combine(temp.Path, "plain", "collection.json"), File.ReadAllText(Path.Combine(temp.Path, "quantized", "collection.json")).Replace("int8", "int4", StringComparison.Ordinal));
        var bad = Assert.Throws<InvalidDataException>(() => CollectionSchema.Read(Path.Combine(temp.Path, "plain", "collection.json")));
        Assert.Contains("quantization int4", bad.Message, StringComparison.Ordinal);
    }

    private static CollectionStorage Storage(EmbeddedVectorStore store, string root, string name) =>
        store.Open(name, CollectionSchema.Read(CollectionStorage.SchemaPath(Path.Combine(root, name))), create: false)!;

    private static float[] RandomVector(Random random, int dims) => Enumerable.Range(0, dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
