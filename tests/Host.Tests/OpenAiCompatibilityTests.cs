using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using SkPlugins.Host.Tests.Doubles;

namespace SkPlugins.Host.Tests;

/// <summary>Semantic Kernel's own OpenAI connector, pointed at <c>/v1</c>, uses the server's embedding generator and chat client.</summary>
public sealed class OpenAiCompatibilityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Uri V1 => new(fixture.Server.BaseAddress, "v1/");

    private HttpClient ConnectorHttpClient() => new() { BaseAddress = V1, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task SkOpenaiEmbeddingGeneratorGetsTheServersVectors()
    {
        using var http = ConnectorHttpClient();
        var kernel = Kernel.CreateBuilder().AddOpenAIEmbeddingGenerator("test-embedder", apiKey: "unused", httpClient: http).Build();
        var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(["Hello world", "king"]);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(DeterministicEmbeddingGenerator.VectorOf("Hello world"), embeddings[0].Vector.ToArray());
        Assert.Equal(DeterministicEmbeddingGenerator.VectorOf("king"), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task EmbeddingsAsFloatJsonAndWithFewerDimensions()
    {
        var response = await fixture.Server.Client.PostAsJsonAsync("v1/embeddings", new { input = new[] { "a", "bc" }, model = "m", encoding_format = "float", dimensions = 4 });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("list", json.GetProperty("object").GetString());
        Assert.Equal(DeterministicEmbeddingGenerator.ModelId, json.GetProperty("model").GetString()); // the model that answered, not the name asked for
        var second = json.GetProperty("data")[1];
        Assert.Equal(1, second.GetProperty("index").GetInt32());
        Assert.Equal(DeterministicEmbeddingGenerator.VectorOf("bc")[..4], second.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "'input' is missing")]
    [InlineData("""{"input":[1,2,3]}""", "input[0] must be a string")]
    [InlineData("""{"input":"x","encoding_format":"int8"}""", "'encoding_format' must be")]
    public async Task BadEmbeddingRequestsAre400(string body, string expected)
    {
        var response = await fixture.Server.Client.PostAsync("v1/embeddings", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SkOpenaiChatCompletionServiceGetsTheServersAnswer()
    {
        using var http = ConnectorHttpClient();
        var chat = new OpenAIChatCompletionService("scripted-model", V1, apiKey: "unused", httpClient: http);
        var history = new ChatHistory("You are terse.");
        history.AddUserMessage("Hello there");
        var answer = await chat.GetChatMessageContentAsync(history);
        Assert.Equal("echo: Hello there", answer.Content);
        Assert.Equal(AuthorRole.Assistant, answer.Role);
    }

    [Fact]
    public async Task SkOpenaiChatCompletionServiceStreamsTheServersAnswer()
    {
        using var http = ConnectorHttpClient();
        var chat = new OpenAIChatCompletionService("scripted-model", V1, apiKey: "unused", httpClient: http);
        var history = new ChatHistory();
        history.AddUserMessage("stream these four words");
        var chunks = new List<string>();
        await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(history))
        {
            if (!string.IsNullOrEmpty(chunk.Content))
            {
                chunks.Add(chunk.Content);
            }
        }

        Assert.Equal("echo: stream these four words", string.Concat(chunks));
        Assert.Equal(5, chunks.Count);
    }

    [Fact]
    public async Task StreamingIsServerSentEventsEndingWithDone()
    {
        var response = await fixture.Server.Client.PostAsJsonAsync("v1/chat/completions",
            new { model = "x", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "one two" } } });
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.Equal("echo: one two", text);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ModelsListsTheChatAndEmbeddingModels()
    {
        var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("v1/models")).RootElement;
        var ids = json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["scripted-model", DeterministicEmbeddingGenerator.ModelId], ids);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "'messages' must be a non-empty array")]
    [InlineData("""{"messages":[{"role":"wizard","content":"hi"}]}""", "role 'wizard'")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "'temperature' must be a number")]
    public async Task BadChatRequestsAre400(string body, string expected)
    {
        var response = await fixture.Server.Client.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutAChatClientChatCompletionsIsA503()
    {
        await using var server = await RunningServer.StartAsync(configure: services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IChatClient)));
        });
        var response = await server.Client.PostAsJsonAsync("v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no chat client", await response.Content.ReadAsStringAsync());
    }
}
