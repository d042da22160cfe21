using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.VectorData;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Embedded top-10 on the GloVe slice equals brute-force cosine and gensim's most_similar (TestData, from tests/tools/vectorstore/gensim_most_similar.py).</summary>
public sealed class GloveExactnessTests
{
    [SkippableFact]
    public async Task Top10EqualsBruteForceAndGensimMostSimilar()
    {
        var path = SharedData.Require(SharedData.GloveSlice);
        var words = ReadGlove(path);
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var collection = store.GetCollection<ulong, WordRecord>("glove", RecordDefinitions.Words(50));
        var result = await VectorIngestion.IngestAsync(collection, RecordSources.Words(path), VectorIngestion.SourceFingerprint(path));
        Assert.Equal(10_000, result.Upserted);

        using var expectedJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "glove_most_similar.json")));
        foreach (var entry in expectedJson.RootElement.GetProperty("neighbours").EnumerateObject())
        {
            var query = words[entry.Name];
            var found = await collection.SearchAsync(query, 11).ToListAsync();
            var neighbours = found.Where(h => h.Record.Word != entry.Name).Take(10).ToList();

            var gensim = entry.Value.EnumerateArray().Select(p => (Word: p[0].GetString()!, Score: p[1].GetDouble())).ToList();
            Assert.Equal(gensim.Select(g => g.Word), neighbours.Select(n => n.Record.Word));
            Assert.All(neighbours.Zip(gensim), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 1e-5));

            var brute = words.Where(w => w.Key != entry.Name).Select(w => (w.Key, Score: BruteForce.Cosine(query, w.Value))).OrderByDescending(p => p.Score).Take(10).ToList();
            Assert.Equal(brute.Select(b => b.Key), neighbours.Select(n => n.Record.Word));
        }
    }

    [SkippableFact]
    public async Task ApproximateIndexRecallAt10IsReportedAgainstExact()
    {
        var path = SharedData.Require(SharedData.GloveSlice);
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>("glove", RecordDefinitions.Words(50));
        await VectorIngestion.IngestAsync(collection, RecordSources.Words(path), VectorIngestion.SourceFingerprint(path));
        var queries = RecordSources.Words(path).Take(200).Select(w => w.Vector).ToList();
        var hits = 0;
        foreach (var q in queries)
        {
            collection.SearchMode = EmbeddedSearchMode.Exact;
            var exact = (await collection.SearchAsync(q, 10).ToListAsync()).Select(h => h.Record.Id).ToHashSet();
            collection.SearchMode = EmbeddedSearchMode.Approximate;
            hits += (await collection.SearchAsync(q, 10).ToListAsync()).Count(h => exact.Contains(h.Record.Id));
        }

        var recall = hits / (10.0 * queries.Count);
        Assert.InRange(recall, 0.95, 1.0); // HNSW (M=16, ef=64) on 10k×50d
    }

    private static Dictionary<string, float[]> ReadGlove(string path)
    {
        // A tiny independent reader, so the expected side does not share the product's parser.
        var words = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ');
            words[parts[0]] = parts.Skip(1).Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        }

        return words;
    }
}
