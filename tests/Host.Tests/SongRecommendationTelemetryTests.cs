using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Host.Telemetry;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Songs;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using SkPlugins.WordVectors;

namespace SkPlugins.Host.Tests;

/// <summary>
/// A recommendation through the <see cref="ISongRecommender"/> the <c>songs</c> plugin really uses reaches the store through the
/// traced <c>VectorStore</c>: one <c>recommend songs</c> span with <c>db.*</c> attributes (200 real Yes.com songs, random vectors).
/// </summary>
public sealed class SongRecommendationTelemetryTests
{
    [SkippableFact]
    public async Task TheSongsPluginsRecommendationIsAStoreSpanWithDbAttributes()
    {
        using var temp = new TempFolder();
        var random = new Random(5);
        var keys = Enumerable.Range(0, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        WordVectorFile.Save(new KeyedVectors(keys, [.. Enumerable.Range(0, 200 * 8).Select(_ => (float)((random.NextDouble() * 2) - 1))], 8), temp.File("songs.txt"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:VectorStore:Path"] = temp.File("store"),
            ["SkPlugins:WordVectors:SongVectors"] = temp.File("absent.txt"),
            ["SkPlugins:Telemetry:Prometheus"] = "true",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPlugins(configuration).AddSkPluginsTelemetry(configuration);
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        await VectorIngestion.IngestAsync(store.GetCollection<ulong, SongRecord>("songs", RecordDefinitions.Songs(8)),
            RecordSources.Songs(temp.File("songs.txt"), Yes("song_hash.txt"), Yes("tags.txt")), "test",
            new IngestionOptions { CheckpointFolder = temp.File("ckpt") });

        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SkPluginsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var result = await provider.GetRequiredService<ISongRecommender>().RecommendAsync(new SongRecommendationRequest { SongId = 0, Top = 4 });
        Assert.Equal(4, result.Results.Count);
        var span = Assert.Single(spans, s => s.OperationName == "recommend songs");
        Assert.Equal("recommend", span.GetTagItem("db.operation.name"));
        Assert.Equal("songs", span.GetTagItem("db.collection.name"));
        Assert.Equal(4, Convert.ToInt32(span.GetTagItem("db.response.returned_rows"), CultureInfo.InvariantCulture));
    }

    private static string Yes(string file) => SharedData.Require(Path.Combine("mirror", "datasets", "yes_complete", file));
}
