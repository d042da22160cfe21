using System.Globalization;
using System.Text.Json;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Embedded.Search.Hnsw;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>
/// The persisted, incrementally updated HNSW index: read back instead of rebuilt (the build counter proves it), torn, foreign
/// and stale index files refused, updates after upserts and deletes equal to a brute-force top-10 written out here, and a
/// reader in another process following the writer's index and rows. Small data (8-d, a few hundred rows, ef 400 ≥ rows, so
/// the graph search is exhaustive and must equal the brute force).
/// </summary>
public sealed class HnswIndexTests
{
    private const int Dims = 8;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task TheIndexIsWrittenWithTheCollectionAndReadBackWithoutARebuild()
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 1);
        var queries = Vectors(20, seed: 2);
        List<List<ulong>> first;
        using (var store = Store(folder.Path))
        {
            var words = await FillAsync(store, model.Values);
            first = await TopTensAsync(words, queries);
            await store.WhenIndexIdleAsync("words");
            Assert.Equal(1, store.IndexStatistics("words")!.Builds);
            Assert.Equal(1, store.IndexStatistics("words")!.Writes);
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "words", HnswIndexFile.FileName)));
        using var reopened = Store(folder.Path);
        var again = await TopTensAsync(Collection(reopened), queries);
        var stats = reopened.IndexStatistics("words")!;
        Assert.Equal(0, stats.Builds);
        Assert.Equal(1, stats.Reads);
        Assert.Equal(0, stats.Added);
        Assert.Equal(first, again);
        Assert.Equal(BruteTopTens(model, queries), again);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("header")]
    public async Task ATornOrDamagedIndexFileIsRefusedAndRebuilt(string damage)
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 3);
        var queries = Vectors(10, seed: 4);
        await IndexAndCloseAsync(folder.Path, model, queries);

        var file = Path.Combine(folder.Path, "words", HnswIndexFile.FileName);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => Flip(bytes, bytes.Length - 100),
            _ => Flip(bytes, 30),
        });

        using var reopened = Store(folder.Path);
        var results = await TopTensAsync(Collection(reopened), queries);
        var stats = reopened.IndexStatistics("words")!;
        Assert.Equal(1, stats.Refusals);
        Assert.Equal(0, stats.Reads);
        Assert.Equal(1, stats.Builds);
        Assert.Equal(BruteTopTens(model, queries), results);
    }

    [Fact]
    public async Task AStaleIndexFileIsVerifiedEntryByEntryAndRefusedWhenMostlyOutOfDate()
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 5);
        var queries = Vectors(10, seed: 6);
        await IndexAndCloseAsync(folder.Path, model, queries);

        // Another writer (no approximate search, so the file is not updated) overwrites 20 vectors: the file is now stale.
        var changed = Records(20, seed: 7, firstId: 1);
        await WriteExactAsync(folder.Path, changed.Values, []);
        foreach (var (id, record) in changed)
        {
            model[id] = record;
        }

        using (var reopened = Store(folder.Path))
        {
            var results = await TopTensAsync(Collection(reopened), queries.Concat(changed.Values.Select(r => r.Vector.ToArray())).ToList());
            var stats = reopened.IndexStatistics("words")!;
            Assert.Equal((0L, 1L, 20L), (stats.Builds, stats.Reads, stats.Added)); // the 20 overwritten entries did not match their rows
            Assert.Equal(BruteTopTens(model, queries.Concat(changed.Values.Select(r => r.Vector.ToArray())).ToList()), results);
        }

        // Now 200 of 300 rows are replaced behind the file's back (the file was rewritten above with the 20): refused as stale.
        var replaced = Records(200, seed: 8, firstId: 50);
        await WriteExactAsync(folder.Path, replaced.Values, []);
        foreach (var (id, record) in replaced)
        {
            model[id] = record;
        }

        using var third = Store(folder.Path);
        var last = await TopTensAsync(Collection(third), queries);
        var thirdStats = third.IndexStatistics("words")!;
        Assert.Equal((1L, 0L, 1L), (thirdStats.Builds, thirdStats.Reads, thirdStats.Refusals));
        Assert.StartsWith("stale", thirdStats.LastRefusal);
        Assert.Equal(BruteTopTens(model, queries), last);
    }

    [Fact]
    public async Task UpsertsAndDeletesUpdateTheIndexInPlaceAndMatchBruteForce()
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 9);
        var queries = Vectors(25, seed: 10);
        using var store = Store(folder.Path);
        var words = await FillAsync(store, model.Values);
        Assert.Equal(BruteTopTens(model, queries), await TopTensAsync(words, queries));

        var added = Records(40, seed: 11, firstId: 1000);
        await words.UpsertAsync(added.Values);
        var overwritten = Records(25, seed: 12, firstId: 10);
        await words.UpsertAsync(overwritten.Values);
        var deleted = Enumerable.Range(100, 30).Select(i => (ulong)i).ToList();
        await words.DeleteAsync(deleted);
        foreach (var (id, record) in added.Concat(overwritten))
        {
            model[id] = record;
        }

        deleted.ForEach(id => model.Remove(id));
        var probes = queries.Concat(overwritten.Values.Select(r => r.Vector.ToArray())).ToList();
        Assert.Equal(BruteTopTens(model, probes), await TopTensAsync(words, probes));
        var stats = store.IndexStatistics("words")!;
        Assert.Equal((1L, 65L), (stats.Builds, stats.Added)); // 40 new + 25 overwritten vectors added in place, no rebuild

        // Deleting half the rows makes most of the graph dead: a rebuild runs in the background; results stay exact meanwhile and after.
        var half = model.Keys.Where((_, i) => i % 2 == 0).ToList();
        await words.DeleteAsync(half);
        half.ForEach(id => model.Remove(id));
        Assert.Equal(BruteTopTens(model, queries), await TopTensAsync(words, queries));
        await store.WhenIndexIdleAsync("words");
        Assert.Equal(BruteTopTens(model, queries), await TopTensAsync(words, queries));
        Assert.Equal(2, store.IndexStatistics("words")!.Builds);
    }

    [Fact]
    public async Task InAutoModeTheIndexIsBuiltInTheBackgroundWhileSearchesStayCorrect()
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 18);
        var queries = Vectors(10, seed: 19);
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path, HnswExpansionSearch = 400, ApproximateSearchThreshold = 100 });
        var words = await FillAsync(store, model.Values);
        words.SearchMode = EmbeddedSearchMode.Auto;
        Assert.Equal(BruteTopTens(model, queries), await TopTensAsync(words, queries)); // exact until the index is ready, then the index
        await store.WhenIndexIdleAsync("words");
        Assert.Equal((1L, 1L), (store.IndexStatistics("words")!.Builds, store.IndexStatistics("words")!.Writes));
        Assert.Equal(BruteTopTens(model, queries), await TopTensAsync(words, queries));
        Assert.NotNull(store.CurrentIndex("words"));
    }

    [Fact]
    public async Task AReaderProcessReadsTheIndexFileAndFollowsNewRowsWithoutARebuild()
    {
        using var folder = new TempFolder("skplugins-hnsw");
        var model = Records(300, seed: 13);
        using var store = Store(folder.Path);
        var words = await FillAsync(store, model.Values);
        await TopTensAsync(words, Vectors(1, seed: 14));
        await store.WhenIndexIdleAsync("words");

        using var reader = ChildProcess.Start("--hnsw-reader", folder.Path, "words", Dims.ToString(CultureInfo.InvariantCulture));
        try
        {
            var query = Vectors(1, seed: 15)[0];
            var answer = await AskAsync(reader, query);
            Assert.Equal(BruteTopTens(model, [query])[0], answer.Ids);
            Assert.Equal((0L, 1L, 300), (answer.Builds, answer.Reads, answer.Count));

            // The writer adds rows while the reader runs: the reader sees them (through the log) and adds them to its graph in place.
            var added = Records(60, seed: 16, firstId: 5000);
            await words.UpsertAsync(added.Values);
            foreach (var (id, record) in added)
            {
                model[id] = record;
            }

            var probe = added[5010].Vector.ToArray();
            answer = await AskAsync(reader, probe);
            Assert.Equal(5010UL, answer.Ids[0]);
            Assert.Equal(BruteTopTens(model, [probe])[0], answer.Ids);
            Assert.Equal((0L, 1L, 60L, 360), (answer.Builds, answer.Reads, answer.Added, answer.Count));
        }
        finally
        {
            reader.StandardInput.Close();
            await reader.WaitForExitAsync();
        }

        // The writer's own index took the 60 rows in place too, and wrote the file again (a fifth of it is new).
        await TopTensAsync(words, Vectors(1, seed: 17));
        await store.WhenIndexIdleAsync("words");
        Assert.Equal((1L, 2L), (store.IndexStatistics("words")!.Builds, store.IndexStatistics("words")!.Writes));
        using var another = ChildProcess.Start("--hnsw-reader", folder.Path, "words", Dims.ToString(CultureInfo.InvariantCulture));
        var last = await AskAsync(another, model[5020].Vector.ToArray());
        another.StandardInput.Close();
        await another.WaitForExitAsync();
        Assert.Equal((0L, 1L, 0L, 5020UL), (last.Builds, last.Reads, last.Added, last.Ids[0]));
    }

    private sealed record Answer(List<ulong> Ids, int Count, long Builds, long Reads, long Added);

    private static async Task<Answer> AskAsync(System.Diagnostics.Process reader, float[] query)
    {
        await reader.StandardInput.WriteLineAsync(string.Join(",", query.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        await reader.StandardInput.FlushAsync();
        var line = await reader.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        return JsonSerializer.Deserialize<Answer>(line, s_json)!;
    }

    /// <summary>Fills the collection, builds its index with a first search, waits for the index file, closes the store.</summary>
    private static async Task IndexAndCloseAsync(string path, Dictionary<ulong, WordRecord> model, List<float[]> queries)
    {
        using var store = Store(path);
        await TopTensAsync(await FillAsync(store, model.Values), queries);
        await store.WhenIndexIdleAsync("words");
    }

    private static EmbeddedVectorStore Store(string path) =>
        new(new EmbeddedVectorStoreOptions { Path = path, HnswExpansionSearch = 400, HnswBuildThreads = 2 });

    private static EmbeddedVectorStoreCollection<ulong, WordRecord> Collection(EmbeddedVectorStore store)
    {
        var words = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(Dims));
        words.SearchMode = EmbeddedSearchMode.Approximate;
        return words;
    }

    private static async Task<EmbeddedVectorStoreCollection<ulong, WordRecord>> FillAsync(EmbeddedVectorStore store, IEnumerable<WordRecord> records)
    {
        var words = Collection(store);
        await words.EnsureCollectionExistsAsync();
        await words.UpsertAsync(records);
        return words;
    }

    private static async Task WriteExactAsync(string path, IEnumerable<WordRecord> upserts, List<ulong> deletes)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = path });
        var words = store.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(Dims));
        await words.UpsertAsync(upserts);
        if (deletes.Count > 0)
        {
            await words.DeleteAsync(deletes);
        }
    }

    private static async Task<List<List<ulong>>> TopTensAsync(EmbeddedVectorStoreCollection<ulong, WordRecord> words, List<float[]> queries)
    {
        var results = new List<List<ulong>>();
        foreach (var q in queries)
        {
            results.Add(await words.SearchAsync(q, 10).Select(h => h.Record.Id).ToListAsync());
        }

        return results;
    }

    private static List<List<ulong>> BruteTopTens(Dictionary<ulong, WordRecord> model, List<float[]> queries) => queries
        .Select(q => BruteForce.Rank(model.Values, r => BruteForce.Cosine(q, r.Vector.Span)).Take(10).Select(p => p.Item.Id).ToList())
        .ToList();

    private static Dictionary<ulong, WordRecord> Records(int count, int seed, ulong firstId = 1)
    {
        var vectors = Vectors(count, seed);
        return Enumerable.Range(0, count).ToDictionary(
            i => firstId + (ulong)i,
            i => new WordRecord { Id = firstId + (ulong)i, Word = "w" + (firstId + (ulong)i).ToString(CultureInfo.InvariantCulture), Rank = i, Vector = vectors[i] });
    }

    private static List<float[]> Vectors(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray()).ToList();
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }
}
