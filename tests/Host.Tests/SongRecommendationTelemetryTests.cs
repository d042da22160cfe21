using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Host.Telemetry;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Songs;
using SkPlugins.TestSupport;
using SkPlugins.WordVectors.Playlists;

namespace SkPlugins.Host.Tests;

/// <summary>Telemetry wraps the <see cref="ISongRecommender"/> the <c>songs</c> plugin really uses, and traces each recommendation.</summary>
public sealed class SongRecommendationTelemetryTests
{
    [Fact]
    public void TheRecommenderTheSongsPluginUsesIsTheTracedOne()
    {
        using var temp = new TempFolder();
        var configuration = Configuration(("SkPlugins:VectorStore:Path", temp.File("store")));
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPlugins(configuration).AddSkPluginsTelemetry(configuration);
        using var provider = services.BuildServiceProvider();
        Assert.IsType<TracedSongRecommender>(provider.GetRequiredService<ISongRecommender>());
    }

    [Fact]
    public async Task EachRecommendationIsASpanWithDbAttributes()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<ISongRecommender, FixedRecommender>();
        services.AddSkPluginsTelemetry(Configuration());
        using var provider = services.BuildServiceProvider();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SkPluginsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var result = await provider.GetRequiredService<ISongRecommender>().RecommendAsync(new SongRecommendationRequest { SongId = 2172 });
        Assert.Equal(2172, result.Song.Id);
        var span = Assert.Single(spans, s => s.OperationName == "recommend songs");
        Assert.Equal("recommend", span.GetTagItem("db.operation.name"));
        Assert.Equal("songs", span.GetTagItem("db.collection.name"));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) => new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?> { ["SkPlugins:Telemetry:Prometheus"] = "true" }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();

    private sealed class FixedRecommender : ISongRecommender
    {
        public Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new SongRecommendations(new Song(request.SongId, "Fade To Black", "Metallica", []), []));
    }
}
