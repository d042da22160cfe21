using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Host.Tests.Doubles;
using SkPlugins.Host.Tour;
using SkPlugins.TestSupport;

namespace SkPlugins.Host.Tests;

/// <summary>
/// What a newcomer does: the tour's sentence and song sections (real MiniLM, Word2Vec with the book's parameters on the default
/// playlists), then <c>serve</c> with the same settings and no other command. Only the chat model is a scripted tool-calling
/// double (the local model's tool calling is another issue's work); everything else is real.
/// </summary>
public sealed class TourThenServeFixture : IAsyncLifetime
{
    private readonly TempFolder _temp = new("skplugins-tour-serve");

    public RunningServer Server { get; private set; } = null!;

    /// <summary>What the tour printed.</summary>
    public string TourOutput { get; private set; } = "";

    public string? SkipReason { get; private set; }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
        ["SkPlugins:Artifacts:Offline"] = "true",
        ["SkPlugins:VectorStore:Path"] = Path.Combine(_temp.Path, "store"),
        ["SkPlugins:WordVectors:SongVectors"] = Path.Combine(_temp.Path, "song-vectors.txt"),
    };

    public async Task InitializeAsync()
    {
        if (!File.Exists(SharedData.DatasetFile("station-playlists", "train.txt")) || !File.Exists(SharedData.DatasetFile("yes_complete", "song_hash.txt")))
        {
            SkipReason = $"the station playlists or the Yes.com song files are not in {SharedData.Mirror}";
            return;
        }

        await RunTourSectionsAsync();
        Server = await RunningServer.StartAsync(Settings.Select(kv => $"--{kv.Key}={kv.Value}"), services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(new ScriptedToolCallingChatClient(
                [ScriptedToolCall.Fixed("songs.find_song", new Dictionary<string, object?> { ["query"] = "Fade To Black Metallica", ["top"] = 1 })],
                turn => "The song is " + JsonDocument.Parse(turn.Results[0]).RootElement[0].GetProperty("title").GetString() + " by Metallica."));
        }, doubles: false);
    }

    private async Task RunTourSectionsAsync() =>
        TourOutput = await TourSections.RunAsync(Settings, _temp.Path, new EmbeddingsSection(), new SongsSection());

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TourThenServeCollection : ICollectionFixture<TourThenServeFixture>
{
    public const string Name = "tour then serve";
}
