using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using SkPlugins.WordVectors;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Songs;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>The kernel plugins and DI registration, over the offline mirror.</summary>
public sealed class PluginTests
{
    [SkippableFact]
    public async Task KernelExposesSimilarWordsAndAnalogy()
    {
        _ = TestFiles.Glove;
        using var services = Services();
        var kernel = services.GetRequiredService<Kernel>();
        var plugin = kernel.Plugins["word_vectors"];
        Assert.Equal(["analogy", "similar_words"], plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        var similar = await kernel.InvokeAsync<IReadOnlyList<WordScore>>(plugin["similar_words"], new KernelArguments { ["word"] = "King", ["top"] = 3 });
        Assert.Equal(["prince", "queen", "ii"], similar!.Select(s => s.Word));
        Assert.Equal(0.8236, similar![0].Score, 1e-4);
        var analogy = await kernel.InvokeAsync<IReadOnlyList<WordScore>>(plugin["analogy"], new KernelArguments { ["positive"] = "king, woman", ["negative"] = "man", ["top"] = 1 });
        Assert.Equal("queen", Assert.Single(analogy!).Word);
    }

    [SkippableFact]
    public async Task SongPluginFindsAndRecommendsFromTrainedVectors()
    {
        using var temp = new TempFolder();
        _ = TestFiles.Yes("song_hash.txt");
        // Hand-made song vectors: 2172 is closest to 10, then 11; 12 points away.
        var vectors = new KeyedVectors(["2172", "10", "11", "12", "842"], [1, 0, 0.9f, 0.1f, 0.7f, 0.7f, -1, 0, 0, 1], 2);
        WordVectorFile.Save(vectors, temp.File("songs.txt"));
        using var services = Services(("SkPlugins:WordVectors:SongVectors", temp.File("songs.txt")));
        var plugin = services.GetRequiredService<SongPlugin>();
        var found = await plugin.FindSongAsync("fade to black metallica");
        Assert.Equal(2172, found[0].Id);
        var result = await plugin.RecommendSongsAsync("2172", top: 2);
        Assert.Equal(2172, result.Song.Id);
        Assert.Equal([10, 11], result.Results.Select(r => r.Id));
        Assert.Equal(vectors.Similarity("2172", "10"), result.Results[0].Score, 1e-6);
        var table = SongTable.Format(result);
        Assert.Contains("Songs like 2172: Fade To Black - Metallica", table, StringComparison.Ordinal);
        Assert.Contains(result.Results[0].Title, table, StringComparison.Ordinal);
        var pushed = await plugin.RecommendSongsAsync("Fade To Black", negatives: "842", top: 4);
        Assert.Equal(vectors.MostSimilar(["2172"], ["842"], 4).Select(r => r.Word), pushed.Results.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var catalog = await services.GetRequiredService<SongCatalogSource>().GetCatalogAsync();
        var notThatArtist = await plugin.RecommendSongsAsync("2172", top: 2, not_artist: catalog.Get(10).Artist);
        Assert.DoesNotContain(notThatArtist.Results, r => r.Artist == catalog.Get(10).Artist);
        Assert.Contains(notThatArtist.Results, r => r.Id == 11 || catalog.Get(11).Artist == catalog.Get(10).Artist);
        await Assert.ThrowsAsync<ArgumentException>(() => plugin.RecommendSongsAsync("2172", strategy: "median"));
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => plugin.RecommendSongsAsync("5"));
        Assert.Contains("song 5 has no vector", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => plugin.RecommendSongsAsync("999999"));
    }

    [Fact]
    public void RecommenderSeamCanBeReplaced()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISongRecommender, FakeRecommender>();
        services.AddSkPluginsWordVectors(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        Assert.IsType<FakeRecommender>(provider.GetRequiredService<ISongRecommender>());
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["SkPlugins:Mirrors:0"] = SharedData.Mirror, ["SkPlugins:Artifacts:Offline"] = "true" }
                .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsWordVectors(configuration).AddSkPluginsKernel();
        return services.BuildServiceProvider();
    }

    private sealed class FakeRecommender : ISongRecommender
    {
        public Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
