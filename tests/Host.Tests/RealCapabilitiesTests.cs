using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.WordVectors.Word2Vec;
using SkPlugins.WordVectors;
using SkPlugins.Host.Tests.Doubles;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Songs;
using SkPlugins.TestSupport;

namespace SkPlugins.Host.Tests;

/// <summary>
/// The real capabilities behind the kernel and the server (no doubles): tokenizers, ONNX embeddings, GloVe and Word2Vec song
/// vectors trained here on the stand-in playlists, answering the question through automatic function choice.
/// </summary>
public sealed class RealCapabilitiesTests : IDisposable
{
    private readonly TempFolder _temp = new("skplugins-real");

    public void Dispose() => _temp.Dispose();

    private Dictionary<string, string?> Settings(string songVectors) => new()
    {
        ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
        ["SkPlugins:Artifacts:Offline"] = "true",
        ["SkPlugins:VectorStore:Path"] = Path.Combine(_temp.Path, "store"),
        ["SkPlugins:WordVectors:SongVectors"] = songVectors,
    };

    /// <summary>Song vectors from a quick Word2Vec run (book parameters, 1 epoch, 1 worker) on the first 3,000 stand-in playlists.</summary>
    private string TrainSongVectors()
    {
        var catalog = SongCatalog.Load(SharedData.Require("mirror/datasets/yes_complete/song_hash.txt"));
        var corpus = PlaylistFile.Read(SharedData.Require("mirror/datasets/tagmix-playlists/train.txt"), catalog.Count);
        var subset = corpus.Playlists.Take(3000).ToList();
        var result = new Word2VecTrainer(new Word2VecOptions { VectorSize = 32, Window = 20, Negative = 50, MinCount = 1, Epochs = 1, Workers = 1, Seed = 7 }).Train(subset);
        var path = _temp.File("song-vectors.txt");
        WordVectorFile.Save(result.Vectors, path);
        return path;
    }

    [SkippableFact]
    public async Task KernelAnswersTheSongQuestionWithTheRealSongPluginAndAnArtistFilter()
    {
        var vectors = TrainSongVectors();
        var calls = new List<string>();
        var planner = new ScriptedToolCallingChatClient(
            [
                ScriptedToolCall.Fixed("songs.find_song", new Dictionary<string, object?> { ["query"] = "Fade To Black Metallica" }),
                new ScriptedToolCall("songs.recommend_songs", results => new Dictionary<string, object?>
                {
                    ["song"] = JsonDocument.Parse(results[0]).RootElement[0].EnumerateObject().Single(p => p.Name.Equals("id", StringComparison.OrdinalIgnoreCase)).Value.GetRawText(),
                    ["top"] = 5,
                    ["not_artist"] = "Metallica",
                }),
            ],
            turn => "Songs like Fade To Black, none by Metallica: " + string.Join("; ", Titles(turn.Results[1])));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(vectors)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPlugins(configuration);
        services.AddSingleton(planner.AsBuilder().UseKernelFunctionInvocation().Build());
        services.AddSingleton<IFunctionInvocationFilter>(new RecordingFilter(calls));
        await using var provider = services.BuildServiceProvider();
        var kernel = provider.GetRequiredService<Kernel>();

        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = (await kernel.InvokePromptAsync("Recommend five songs like Fade To Black, but not by Metallica", new KernelArguments(settings))).ToString();

        Assert.Equal(["songs.find_song", "songs.recommend_songs"], calls);
        var expected = await provider.GetRequiredService<SongPlugin>().RecommendSongsAsync("2172", top: 5, not_artist: "Metallica");
        Assert.Equal(5, expected.Results.Count);
        Assert.All(expected.Results, r => Assert.NotEqual("Metallica", r.Artist));
        Assert.All(expected.Results, r => Assert.Contains(r.Title, answer, StringComparison.Ordinal));
        var unfiltered = await provider.GetRequiredService<SongPlugin>().RecommendSongsAsync("2172", top: 50);
        Assert.Contains(unfiltered.Results, r => r.Artist == "Metallica"); // the filter had something to remove
    }

    [SkippableFact]
    public async Task ServerRestAndOpenaiEndpointsServeTheRealPlugins()
    {
        SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.json");
        var settings = Settings(_temp.File("none.txt")).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        await using var server = await RunningServer.StartAsync(settings, doubles: false);

        // The book's Phi-3 prompt ids, through REST, as its files say today: without the book's leading <s> (1), which
        // tokenizer_config.json's add_bos_token=false leaves out (Tokenization.Tests/SpecialTokenDefaultsTests; the book's view is an option).
        var encode = await server.Client.PostAsJsonAsync("api/tokens/encode", new
        {
            tokenizer = "microsoft/Phi-3-mini-4k-instruct",
            text = "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>",
        });
        encode.EnsureSuccessStatusCode();
        var ids = (await encode.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Single(p => p.Name.Equals("ids", StringComparison.OrdinalIgnoreCase)).Value
            .EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal([14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420, 920, 372, 9559, 29889, 32001], ids);

        // The book's GloVe neighbours of king.
        var similar = await server.Client.PostAsJsonAsync("api/words/similar", new { word = "king", top = 3 });
        similar.EnsureSuccessStatusCode();
        var body = await similar.Content.ReadAsStringAsync();
        Assert.Contains("prince", body, StringComparison.Ordinal);
        Assert.Contains("0.8236", body, StringComparison.Ordinal);

        // OpenAI-compatible embeddings from the real MiniLM model: 384 unit-length dimensions.
        var embeddings = await server.Client.PostAsJsonAsync("v1/embeddings", new { model = "all-MiniLM-L6-v2", input = new[] { "Hello world", "Best movie ever!" } });
        embeddings.EnsureSuccessStatusCode();
        var data = (await embeddings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        var vector = data[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);

        // Unknown tokenizer: a 4xx with a message naming it, and the server stays up.
        var unknown = await server.Client.PostAsJsonAsync("api/tokens/encode", new { tokenizer = "no-such/tokenizer", text = "x" });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such/tokenizer", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await server.Client.GetAsync("health")).IsSuccessStatusCode);

        // The same unknown word over MCP: an error result with REST's message, not a generic one.
        var rest = await server.Client.PostAsJsonAsync("api/words/similar", new { word = "xyzzyq", top = 3 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Contains("word 'xyzzyq' is not in the vocabulary", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var mcp = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions
        {
            Endpoint = new Uri(server.BaseAddress, "mcp"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
        }));
        var failed = await mcp.CallToolAsync("word_vectors_similar_words", new Dictionary<string, object?> { ["word"] = "xyzzyq" });
        Assert.True(failed.IsError);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(failed.Content)).Text;
        Assert.Contains("word 'xyzzyq' is not in the vocabulary", text, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Titles(string recommendResult)
    {
        var root = JsonDocument.Parse(recommendResult).RootElement;
        var results = root.EnumerateObject().Single(p => p.Name.Equals("results", StringComparison.OrdinalIgnoreCase)).Value;
        return results.EnumerateArray().Select(r => r.EnumerateObject().Single(p => p.Name.Equals("title", StringComparison.OrdinalIgnoreCase)).Value.GetString()!);
    }

    private sealed class RecordingFilter(List<string> calls) : IFunctionInvocationFilter
    {
        public async Task OnFunctionInvocationAsync(Microsoft.SemanticKernel.FunctionInvocationContext context, Func<Microsoft.SemanticKernel.FunctionInvocationContext, Task> next)
        {
            if (context.Function.PluginName is { Length: > 0 })
            {
                calls.Add($"{context.Function.PluginName}.{context.Function.Name}"); // not the prompt function itself
            }

            await next(context);
        }
    }
}
