using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Songs;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Recommend;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>
/// The registered <see cref="ISongRecommender"/> over the embedded store's <c>songs</c> collection (200 real Yes.com songs with random
/// vectors): the ranking agrees with <see cref="KeyedVectors"/> cosine neighbours and with Qdrant's <c>best_score</c> written out here,
/// results carry the catalog's tags, and bad ids are clear errors.
/// </summary>
public sealed class VectorStoreSongRecommenderTests
{
    [SkippableFact]
    public async Task RecommendsFromTheStoreCollectionWithCatalogTags()
    {
        using var temp = new TempFolder();
        var (songHash, tags) = (TestFiles.Yes("song_hash.txt"), TestFiles.Yes("tags.txt"));
        var random = new Random(3);
        var keys = Enumerable.Range(0, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var vectors = new KeyedVectors(keys, [.. Enumerable.Range(0, 200 * 16).Select(_ => (float)((random.NextDouble() * 2) - 1))], 16);
        WordVectorFile.Save(vectors, temp.File("songs.txt"));
        using var services = Services(temp);
        var store = services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        var collection = store.GetCollection<ulong, SongRecord>("songs", RecordDefinitions.Songs(16));
        await VectorIngestion.IngestAsync(collection, RecordSources.Songs(temp.File("songs.txt"), songHash, tags), "test", new IngestionOptions { CheckpointFolder = temp.File("ckpt") });

        var recommender = Assert.IsType<VectorStoreSongRecommender>(services.GetRequiredService<ISongRecommender>());
        var nearest = await recommender.RecommendAsync(new SongRecommendationRequest { SongId = 0, Top = 5 });
        Assert.Equal("Gucci Mane", nearest.Song.Artist);
        var expected = vectors.MostSimilar("0", 5);
        Assert.Equal(expected.Select(e => int.Parse(e.Word, CultureInfo.InvariantCulture)), nearest.Results.Select(r => r.Id));
        Assert.Equal(expected[0].Score, nearest.Results[0].Score, 1e-5);
        var catalog = await services.GetRequiredService<SongCatalogSource>().GetCatalogAsync();
        Assert.All(nearest.Results, r => Assert.Equal(catalog.Get(r.Id).Tags, r.Tags));

        var steered = await recommender.RecommendAsync(new SongRecommendationRequest { SongId = 0, Negative = [7], Strategy = RecommendStrategy.BestScore, Top = 5 });
        var bestScore = keys.Where(k => k is not "0" and not "7")
            .Select(k => (Id: int.Parse(k, CultureInfo.InvariantCulture), Score: BestScore(vectors.Similarity(k, "0"), vectors.Similarity(k, "7"))))
            .OrderByDescending(s => s.Score).Take(5).ToList();
        Assert.Equal(bestScore.Select(s => s.Id), steered.Results.Select(r => r.Id));
        Assert.Equal(bestScore[0].Score, steered.Results[0].Score, 1e-5);

        var artist = nearest.Results[0].Artist;
        var filtered = await recommender.RecommendAsync(new SongRecommendationRequest { SongId = 0, NotArtist = artist, Top = 10 });
        Assert.Equal(10, filtered.Results.Count);
        Assert.DoesNotContain(filtered.Results, r => r.Artist == artist);

        var notIngested = await Assert.ThrowsAsync<KeyNotFoundException>(() => recommender.RecommendAsync(new SongRecommendationRequest { SongId = 500 }));
        Assert.Contains("song 500 is not in collection 'songs'", notIngested.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => recommender.RecommendAsync(new SongRecommendationRequest { SongId = 999_999 }));
    }

    /// <summary>Qdrant's <c>best_score</c> for one positive and one negative example, with its fast sigmoid <c>0.5·(x/(1+|x|)+1)</c>.</summary>
    private static double BestScore(double positive, double negative)
    {
        static double Sigmoid(double x) => 0.5 * ((x / (1 + Math.Abs(x))) + 1);
        return positive > negative ? Sigmoid(positive) : -Sigmoid(negative);
    }

    private static ServiceProvider Services(TempFolder temp)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:VectorStore:Path"] = temp.File("store"),
            ["SkPlugins:WordVectors:SongVectors"] = temp.File("absent.txt"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsVectorStore(configuration).AddSkPluginsWordVectors(configuration);
        return services.BuildServiceProvider();
    }
}
