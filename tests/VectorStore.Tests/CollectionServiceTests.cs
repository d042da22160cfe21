using System.Text.Json;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using SkPlugins.VectorStore.Service;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>The collection service (behind REST and the vector_store plugin) opens typed collections as VectorData dynamic
/// collections: search by word equals gensim's most_similar (TestData), points round-trip, filters and limits hold.</summary>
public sealed class CollectionServiceTests
{
    [SkippableFact]
    public async Task SearchByWordOnATypedCollectionEqualsGensim()
    {
        var path = SharedData.Require(SharedData.GloveSlice);
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        await VectorIngestion.IngestAsync(store.GetCollection<ulong, WordRecord>("glove", RecordDefinitions.Words(50)), RecordSources.Words(path), VectorIngestion.SourceFingerprint(path));
        var service = new VectorCollectionService(store, new VectorServiceLimits());

        var info = await service.DescribeAsync("glove");
        Assert.Equal((10_000L, 50, "CosineSimilarity"), (info.Count, info.Dimensions, info.Distance));
        Assert.Equal("string", info.Fields["Word"]);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "glove_most_similar.json")));
        foreach (var entry in expected.RootElement.GetProperty("neighbours").EnumerateObject())
        {
            var hits = await service.SearchAsync("glove", new PointQuery { Word = entry.Name, Top = 10 });
            var gensim = entry.Value.EnumerateArray().Select(p => (Word: p[0].GetString()!, Score: p[1].GetDouble())).ToList();
            Assert.Equal(gensim.Select(g => g.Word), hits.Select(h => (string)h.Payload["Word"]!));
            Assert.All(hits.Zip(gensim), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 1e-5));
        }

        var filtered = await service.SearchAsync("glove", new PointQuery { Word = "king", Top = 3, Filter = new() { ["Rank"] = JsonSerializer.SerializeToElement(2000) } });
        Assert.DoesNotContain(filtered, h => (int)h.Payload["Rank"]! != 2000);
    }

    [Fact]
    public async Task PointsUpsertIdempotentlySearchRecommendAndDelete()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var service = new VectorCollectionService(store, new VectorServiceLimits { MaxPointsPerRequest = 10, MaxTop = 5 });
        var points = Enumerable.Range(1, 6).Select(i => Point(i, [i, 1, 0], i % 2 == 0 ? "even" : "odd")).ToList();
        var info = await service.UpsertAsync("pts", points);
        Assert.Equal(6, info.Count);
        info = await service.UpsertAsync("pts", points.Take(3).ToList()); // idempotent by id
        Assert.Equal((6L, 3), (info.Count, info.Dimensions));
        Assert.Equal(new Dictionary<string, string> { ["kind"] = "string", ["n"] = "long" }, info.Fields);

        var hits = await service.SearchAsync("pts", new PointQuery { Vector = [1, 0, 0], Top = 5, Filter = new() { ["kind"] = JsonSerializer.SerializeToElement("even") }, WithVectors = true });
        Assert.Equal([6UL, 4UL, 2UL], hits.Select(h => (ulong)h.Id));
        Assert.Equal(3, hits[0].Vector!.Length);
        var like = await service.RecommendAsync("pts", new RecommendQuery { Positive = [JsonSerializer.SerializeToElement(1)], Top = 2 });
        Assert.DoesNotContain(like, h => (ulong)h.Id == 1);

        Assert.Equal(2, await service.DeleteAsync("pts", [JsonSerializer.SerializeToElement(1), JsonSerializer.SerializeToElement("2")]));
        Assert.Equal(4, (await service.DescribeAsync("pts")).Count);

        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => service.UpsertAsync("pts", Enumerable.Range(1, 11).Select(i => Point(i, [1, 1, 1], "x")).ToList()));
        Assert.Contains("limit is 10", tooMany.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.SearchAsync("pts", new PointQuery { Vector = [1, 0, 0], Top = 6 }));
        var badDims = await Assert.ThrowsAsync<ArgumentException>(() => service.UpsertAsync("pts", [Point(9, [1, 2], "x")]));
        Assert.Contains("points[0].vector has 2 dimensions", badDims.Message, StringComparison.Ordinal);
        var badField = await Assert.ThrowsAsync<ArgumentException>(() => service.SearchAsync("pts", new PointQuery { Vector = [1, 0, 0], Top = 3, Filter = new() { ["color"] = JsonSerializer.SerializeToElement("red") } }));
        Assert.Contains("'color'", badField.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => service.SearchAsync("nope", new PointQuery { Vector = [1, 0, 0], Top = 1 }));
        Assert.True(await service.DeleteCollectionAsync("pts"));
        Assert.False(await service.DeleteCollectionAsync("pts"));
    }

    private static PointInput Point(int id, float[] vector, string kind) => new()
    {
        Id = JsonSerializer.SerializeToElement(id),
        Vector = vector,
        Payload = new() { ["kind"] = JsonSerializer.SerializeToElement(kind), ["n"] = JsonSerializer.SerializeToElement(id) },
    };
}
