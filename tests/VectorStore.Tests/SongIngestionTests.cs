using System.Globalization;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Song ingestion (word2vec text + the real Yes.com metadata); recommending from the collection is the songs plugin's
/// <c>VectorStoreSongRecommender</c>, tested in WordVectors.Tests.</summary>
public sealed class SongIngestionTests
{
    [SkippableFact]
    public async Task IngestsSongsWithMetadataResumably()
    {
        var songHash = SharedData.Require("mirror/datasets/yes_complete/song_hash.txt");
        var tags = SharedData.Require("mirror/datasets/yes_complete/tags.txt");
        using var folder = new TempFolder("skplugins-vs");
        var vectorsPath = folder.File("songs.w2v.txt");
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 200).ToDictionary(i => (ulong)i, _ => Enumerable.Range(0, 16).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());
        File.WriteAllLines(vectorsPath, new[] { "200 16" }.Concat(vectors.Select(kv => kv.Key + " " + string.Join(' ', kv.Value.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))));

        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.File("store") });
        var collection = store.GetCollection<ulong, SongRecord>("songs", RecordDefinitions.Songs(16));
        var result = await VectorIngestion.IngestAsync(collection, RecordSources.Songs(vectorsPath, songHash, tags), VectorIngestion.SourceFingerprint(vectorsPath), new IngestionOptions { BatchSize = 64, CheckpointFolder = folder.File("ckpt") });
        Assert.Equal(200, result.Upserted);

        var first = await collection.GetAsync(0UL);
        Assert.Equal("Gucci Time (w\\/ Swizz Beatz)", first!.Title);
        Assert.Equal("Gucci Mane", first.Artist);
        Assert.Equal(["154"], first.Tags);
        Assert.Equal(["20", "35", "40", "65", "72", "130", "154", "193"], (await collection.GetAsync(1UL))!.Tags);

        var again = await VectorIngestion.IngestAsync(collection, RecordSources.Songs(vectorsPath, songHash, tags), VectorIngestion.SourceFingerprint(vectorsPath), new IngestionOptions { BatchSize = 64, CheckpointFolder = folder.File("ckpt") });
        Assert.Equal((0L, 200L), (again.Upserted, again.Resumed)); // resumable: a finished ingest has nothing left to do
    }
}
