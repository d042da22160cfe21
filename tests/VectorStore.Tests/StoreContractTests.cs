using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Recommend;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>The contract every store must meet; run against the embedded store always and Qdrant when one answers.</summary>
public abstract class StoreContractTests
{
    private static readonly List<TestItem> s_items = TestItem.Create(30);

    public static TheoryData<int> FilterCases => new(Enumerable.Range(0, Filters.Length));

    private static readonly Expression<Func<TestItem, bool>>[] Filters =
    [
        x => x.Category == "a",
        x => x.Category != "a",
        x => x.Rank < 10,
        x => x.Rank <= 10,
        x => x.Rank > 20,
        x => x.Rank >= 20,
        x => x.Price > 4.5 && x.Price <= 30,
        x => x.Category == "b" || x.InStock,
        x => !(x.Category == "c"),
        x => x.InStock,
        x => x.Tags.Contains("red"),
        x => new[] { "a", "c" }.Contains(x.Category),
        x => x.Id == 105UL,
        x => !x.InStock && (x.Rank < 5 || x.Rank > 25),
    ];

    /// <summary>Returns the store, or skips the test with the reason none is available.</summary>
    protected abstract Task<Microsoft.Extensions.VectorData.VectorStore> StoreAsync();

    [SkippableFact]
    public async Task UpsertGetDeleteRoundTrip()
    {
        var collection = await FilledAsync();
        var got = await collection.GetAsync(107UL, new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(got);
        Assert.Equal("b", got.Category);
        Assert.Equal(7, got.Rank);
        Assert.Equal(10.5, got.Price);
        Assert.False(got.InStock);
        Assert.Equal(["red", "big"], (await collection.GetAsync(104UL))!.Tags);
        Assert.Equal(1.0, Math.Sqrt(got.Vector.ToArray().Sum(v => (double)v * v)), 4); // cosine vectors are stored normalised
        Assert.True(BruteForce.Cosine(got.Vector.Span, s_items[7].Vector.Span) > 0.99999);
        Assert.True((await collection.GetAsync(107UL))!.Vector.IsEmpty);
        Assert.Null(await collection.GetAsync(999UL));

        await collection.DeleteAsync([107UL, 108UL]);
        Assert.Null(await collection.GetAsync(107UL));
        Assert.Null(await collection.GetAsync(108UL));
        Assert.NotNull(await collection.GetAsync(109UL));

        var changed = s_items[9];
        await collection.UpsertAsync(new TestItem { Id = changed.Id, Category = "z", Rank = changed.Rank, Vector = changed.Vector });
        Assert.Equal("z", (await collection.GetAsync(changed.Id))!.Category);
        await collection.EnsureCollectionDeletedAsync();
        Assert.False(await collection.CollectionExistsAsync());
    }

    [SkippableFact]
    public async Task SearchEqualsBruteForceWithSkipAndThreshold()
    {
        var collection = await FilledAsync();
        var query = s_items[3].Vector.ToArray().Select((v, i) => v + (0.1f * i)).ToArray();
        var expected = BruteForce.Rank(s_items, x => BruteForce.Cosine(query, x.Vector.Span));
        var top = await collection.SearchAsync(query, 5).ToListAsync();
        Assert.Equal(expected.Take(5).Select(e => e.Item.Id), top.Select(r => r.Record.Id));
        Assert.All(top.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 1e-5));

        var skipped = await collection.SearchAsync(query, 4, new VectorSearchOptions<TestItem> { Skip = 3 }).ToListAsync();
        Assert.Equal(expected.Skip(3).Take(4).Select(e => e.Item.Id), skipped.Select(r => r.Record.Id));

        var threshold = expected[6].Score - 1e-4;
        var above = await collection.SearchAsync(query, 20, new VectorSearchOptions<TestItem> { ScoreThreshold = threshold }).ToListAsync();
        Assert.Equal(expected.TakeWhile(e => e.Score >= threshold).Select(e => e.Item.Id), above.Select(r => r.Record.Id));

        var withVectors = await collection.SearchAsync(query, 1, new VectorSearchOptions<TestItem> { IncludeVectors = true }).SingleAsync();
        Assert.Equal(8, withVectors.Record.Vector.Length);
    }

    [SkippableTheory]
    [MemberData(nameof(FilterCases))]
    public async Task FilteredSearchAndGetEqualBruteForce(int filterIndex)
    {
        var collection = await FilledAsync();
        var filter = Filters[filterIndex];
        var predicate = filter.Compile();
        var query = s_items[11].Vector.ToArray();
        var expected = BruteForce.Rank(s_items.Where(predicate), x => BruteForce.Cosine(query, x.Vector.Span));
        var found = await collection.SearchAsync(query, 8, new VectorSearchOptions<TestItem> { Filter = filter }).ToListAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Take(8).Select(e => e.Item.Id), found.Select(r => r.Record.Id));

        var got = await collection.GetAsync(filter, 100).ToListAsync();
        Assert.Equal(s_items.Where(predicate).Select(i => i.Id).Order(), got.Select(r => r.Id).Order());
    }

    [SkippableFact]
    public async Task RecommendAverageVectorMatchesQdrantFormula()
    {
        var collection = await FilledAsync();
        ulong[] positive = [101, 104];
        ulong[] negative = [120];
        var query = BruteForce.AverageQuery([Vec(101), Vec(104)], [Vec(120)]);
        var expected = BruteForce.Rank(s_items.Where(i => !positive.Contains(i.Id) && !negative.Contains(i.Id)), x => BruteForce.Cosine(query, x.Vector.Span));
        var found = await collection.RecommendAsync(positive, negative, 6).ToListAsync();
        Assert.Equal(expected.Take(6).Select(e => e.Item.Id), found.Select(r => r.Record.Id));
        Assert.All(found.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 1e-4));
    }

    [SkippableFact]
    public async Task RecommendBestScoreMatchesQdrantFormulaAndHonoursFilter()
    {
        var collection = await FilledAsync();
        ulong[] positive = [102, 113];
        ulong[] negative = [105, 127];
        var options = new RecommendOptions<TestItem> { Strategy = RecommendStrategy.BestScore, Filter = x => x.Category != "a" };
        var expected = BruteForce.Rank(
            s_items.Where(i => !positive.Contains(i.Id) && !negative.Contains(i.Id) && i.Category != "a"),
            x => BruteForce.BestScore(x.Vector.Span, [Vec(102), Vec(113)], [Vec(105), Vec(127)]));
        var found = await collection.RecommendAsync(positive, negative, 7, options).ToListAsync();
        Assert.Equal(expected.Take(7).Select(e => e.Item.Id), found.Select(r => r.Record.Id));
        Assert.All(found.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 1e-4));
        Assert.DoesNotContain(found, r => r.Record.Category == "a");
    }

    [SkippableFact]
    public async Task RecommendWithoutNegativesAndUnknownExample()
    {
        var collection = await FilledAsync();
        var expected = BruteForce.Rank(s_items.Where(i => i.Id != 110), x => BruteForce.Cosine(Vec(110), x.Vector.Span));
        var found = await collection.RecommendAsync([110UL], null, 3).ToListAsync();
        Assert.Equal(expected.Take(3).Select(e => e.Item.Id), found.Select(r => r.Record.Id));
        await Assert.ThrowsAnyAsync<Exception>(async () => await collection.RecommendAsync([4242UL], null, 3).ToListAsync());
    }

    [SkippableFact]
    public async Task GuidKeysRoundTrip()
    {
        var store = await StoreAsync();
        var collection = store.GetCollection<Guid, SentenceRecord>("sentences_" + Guid.NewGuid().ToString("N")[..8], RecordDefinitions.Sentences(4));
        await collection.EnsureCollectionExistsAsync();
        var id = Ingestion.DeterministicKeys.ForSentence("book", "Hello world");
        await collection.UpsertAsync(new SentenceRecord { Id = id, Text = "Hello world", Source = "book", Embedding = new float[] { 1, 0, 0, 0 } });
        await collection.UpsertAsync(new SentenceRecord { Id = Guid.NewGuid(), Text = "Other", Source = "web", Embedding = new float[] { 0, 1, 0, 0 } });
        Assert.Equal("Hello world", (await collection.GetAsync(id))!.Text);
        var hit = await collection.SearchAsync(new float[] { 0.9f, 0.1f, 0, 0 }, 1, new VectorSearchOptions<SentenceRecord> { Filter = s => s.Source == "book" }).SingleAsync();
        Assert.Equal(id, hit.Record.Id);
        await collection.EnsureCollectionDeletedAsync();
    }

    private static float[] Vec(ulong id) => s_items.Single(i => i.Id == id).Vector.ToArray();

    private async Task<VectorStoreCollection<ulong, TestItem>> FilledAsync()
    {
        var store = await StoreAsync();
        var collection = store.GetCollection<ulong, TestItem>("items_" + Guid.NewGuid().ToString("N")[..8]);
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(s_items.Select(i => new TestItem { Id = i.Id, Category = i.Category, Rank = i.Rank, Price = i.Price, InStock = i.InStock, Tags = [.. i.Tags], Vector = i.Vector.ToArray() }));
        return collection;
    }
}
