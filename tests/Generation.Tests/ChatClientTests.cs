using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Generation;
using SkPlugins.Generation.Chat;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>The IChatClient, its Semantic Kernel adapter and the generation plugin, on the tiny model.</summary>
public sealed class ChatClientTests
{
    // prompt4_chat_stops_on_eos: '<|user|>\nme<|end|>\n<|assistant|>\n' -> 10 tokens then <|end|>.
    private static IReadOnlyList<int> ExpectedReply => TinyPhi3.Cases()["prompt4_chat_stops_on_eos"].NewTokens[0];

    [SkippableFact]
    public async Task ResponseStopsOnEndAndCountsTokens()
    {
        var client = new OnnxChatClient(TinyPhi3.Model);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "me")]);
        Assert.Equal(TinyPhi3.Model.Tokenizer.Decode(ExpectedReply.Take(10)), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(5, response.Usage!.InputTokenCount);
        Assert.Equal(11, response.Usage.OutputTokenCount);
        Assert.Equal(16, response.Usage.TotalTokenCount);
    }

    [SkippableTheory]
    [InlineData("me", 256)]
    [InlineData("What is a token?", 20)]
    public async Task StreamingEqualsNonStreaming(string message, int maxTokens)
    {
        var client = new OnnxChatClient(TinyPhi3.Model);
        var options = new ChatOptions { MaxOutputTokens = maxTokens };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, message)], options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, message)], options))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal(response.FinishReason, streamed.FinishReason);
        Assert.Equal(response.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount, streamed.Usage.InputTokenCount);
        Assert.True(updates.Count > 2);
    }

    [SkippableFact]
    public async Task LengthLimitReportsLength()
    {
        var client = new OnnxChatClient(TinyPhi3.Model);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "me")], new ChatOptions { MaxOutputTokens = 4 });
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(4, response.Usage!.OutputTokenCount);
        Assert.Equal(TinyPhi3.Model.Tokenizer.Decode(ExpectedReply.Take(4)), response.Text);
    }

    [SkippableFact]
    public async Task StopSequenceEndsGenerationEarlyInBothModes()
    {
        // The reply to "me" decodes to "tog Son Senator tog tog Son soft…": "Son s" completes with the 7th token.
        var client = new OnnxChatClient(TinyPhi3.Model);
        var full = TinyPhi3.Model.Tokenizer.Decode(ExpectedReply.Take(10));
        var options = new ChatOptions { StopSequences = ["Son s"] };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "me")], options);
        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "me")], options))
        {
            pieces.Add(update.Text);
        }

        Assert.Equal(full[..full.IndexOf("Son s", StringComparison.Ordinal)], response.Text);
        Assert.Equal(response.Text, string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage!.OutputTokenCount);
    }

    [SkippableFact]
    public async Task KernelChatServiceAndPluginUseTheLocalModel()
    {
        _ = TinyPhi3.Model;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:Generation:Model"] = TinyPhi3.Repo,
            ["SkPlugins:Generation:Subfolder"] = "",
            ["SkPlugins:Generation:ExecutionProvider"] = "Cpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsGeneration(configuration).AddSkPluginsKernel();
        await using var provider = services.BuildServiceProvider();
        var kernel = provider.GetRequiredService<Kernel>();

        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("me");
        var reply = await chat.GetChatMessageContentAsync(history, kernel: kernel);
        Assert.Equal(TinyPhi3.Model.Tokenizer.Decode(ExpectedReply.Take(10)), reply.Content);

        var result = await kernel.InvokeAsync("generation", "generate", new KernelArguments { ["prompt"] = "me", ["maxNewTokens"] = 20 });
        var output = result.GetValue<GenerationOutput>()!;
        Assert.Equal(reply.Content, output.Text);
        Assert.Equal(11, output.OutputTokens);
        Assert.Equal(5, output.PromptTokens);
        Assert.True(output.StoppedOnEos);
    }
}
