using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using SkPlugins.Host.Tests.Doubles;
using SkPlugins.Plugins.DependencyInjection;

namespace SkPlugins.Host.Tests;

/// <summary>
/// "Recommend five songs like Fade To Black, but not by Metallica": a Kernel with automatic function choice and a chat client that emits
/// real tool calls calls find_song, then recommend_songs with a filter, and the final answer quotes the recommendations.
/// </summary>
public sealed class OrchestrationTests
{
    private const string Question = "Recommend five songs like Fade To Black, but not by Metallica";

    private static readonly string[] Expected = ["Paranoid", "Iron Man", "Crazy Train", "Ace of Spades", "Holy Wars"];

    /// <summary>The plan a tool-calling model would follow for <see cref="Question"/>.</summary>
    public static ScriptedToolCallingChatClient SongPlanner() => new(
        [
            ScriptedToolCall.Fixed("songs.find_song", new Dictionary<string, object?> { ["query"] = "Fade To Black" }),
            new ScriptedToolCall("songs.recommend_songs", results => new Dictionary<string, object?>
            {
                ["song"] = FirstId(results[0]),
                ["top"] = 5,
                ["excludeArtist"] = "Metallica",
            }),
        ],
        turn => "Songs like Fade To Black, none by Metallica: " + string.Join("; ", Titles(turn.Results[1])));

    [Fact]
    public async Task KernelWithAutomaticFunctionChoiceCallsFindSongThenRecommendSongs()
    {
        var planner = SongPlanner();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSkPlugins(new ConfigurationBuilder().Build());
        RunningServer.RegisterDoubles(services);
        services.AddSingleton(planner.AsBuilder().UseKernelFunctionInvocation().Build());
        await using var provider = services.BuildServiceProvider();
        var kernel = provider.GetRequiredService<Kernel>();

        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = (await kernel.InvokePromptAsync(Question, new KernelArguments(settings))).ToString();

        Assert.Equal(["find_song(Fade To Black)", "recommend_songs(2172, 5, Metallica)"], provider.GetRequiredService<TestSongPlugin>().Calls);
        Assert.All(Expected, title => Assert.Contains(title, answer));
        Assert.DoesNotContain("Enter Sandman", answer);
        Assert.Equal(3, planner.Turns);
        Assert.Contains(planner.OfferedTools[0], name => name.Contains("recommend_songs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SkOpenaiConnectorAgainstTheServerRunsTheSamePlanWithRealToolCalls()
    {
        // The server's chat client plans; the client's kernel (through SK's OpenAI connector at /v1) owns and runs the functions.
        var planner = SongPlanner();
        await using var server = await RunningServer.StartAsync(configure: services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IChatClient)));
            services.AddSingleton<IChatClient>(planner);
        });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "v1/") };
        var songs = new TestSongPlugin();
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService>(
            new OpenAIChatCompletionService("scripted-model", new Uri(server.BaseAddress, "v1/"), apiKey: "unused", httpClient: http));
        builder.Plugins.AddFromObject(songs, "songs");
        var kernel = builder.Build();

        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = (await kernel.InvokePromptAsync(Question, new KernelArguments(settings))).ToString();

        Assert.Equal(["find_song(Fade To Black)", "recommend_songs(2172, 5, Metallica)"], songs.Calls);
        Assert.All(Expected, title => Assert.Contains(title, answer));
        Assert.Equal(3, planner.Turns);
        Assert.Contains("songs-find_song", planner.OfferedTools[0]);
        Assert.Empty(server.Songs.Calls);
    }

    private static string FirstId(string findSongResult)
    {
        var first = JsonDocument.Parse(findSongResult).RootElement[0];
        return first.EnumerateObject().Single(p => p.Name.Equals("id", StringComparison.OrdinalIgnoreCase)).Value.GetRawText();
    }

    private static IEnumerable<string> Titles(string recommendResult)
    {
        var root = JsonDocument.Parse(recommendResult).RootElement;
        var results = root.EnumerateObject().Single(p => p.Name.Equals("results", StringComparison.OrdinalIgnoreCase)).Value;
        return results.EnumerateArray().Select(r => r.EnumerateObject().Single(p => p.Name.Equals("title", StringComparison.OrdinalIgnoreCase)).Value.GetString()!);
    }
}
