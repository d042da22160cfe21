using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI;
using SkPlugins.TestSupport;

namespace SkPlugins.Host.Tests;

/// <summary>
/// The official OpenAI .NET client and Semantic Kernel's OpenAI connector against the real <c>serve</c> application (no doubles):
/// the real all-MiniLM-L6-v2 behind <c>/v1/embeddings</c> and the tiny Phi-3 folder behind chat, as a new user would see them.
/// </summary>
public sealed class OpenAiFidelityTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new("skplugins-openai");
    private RunningServer _server = null!;

    private Uri V1 => new(_server.BaseAddress, "v1/");

    public async Task InitializeAsync()
    {
        var phi3 = SharedData.HubFile("skplugins-testing/tiny-random-phi3", string.Empty);
        _server = await RunningServer.StartAsync(
            [
                $"--SkPlugins:Mirrors:0={SharedData.Mirror}",
                "--SkPlugins:Artifacts:Offline=true",
                $"--SkPlugins:VectorStore:Path={Path.Combine(_temp.Path, "store")}",
                $"--SkPlugins:Generation:Model={phi3}",
                "--SkPlugins:Generation:Subfolder=",
                "--SkPlugins:Embeddings:ExecutionProvider=Cpu",
                "--SkPlugins:Embeddings:MatryoshkaDimensions:sentence-transformers/all-MiniLM-L6-v2:0=128",
            ],
            doubles: false);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private IEmbeddingGenerator<string, Embedding<float>> SkConnector(HttpClient http) =>
        Kernel.CreateBuilder().AddOpenAIEmbeddingGenerator("text-embedding-3-small", apiKey: "unused", httpClient: http).Build()
            .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    [Fact]
    public async Task EmbeddingsReportTheRealTokenCountAndModelThroughTheOpenaiConnector()
    {
        using var http = new HttpClient { BaseAddress = V1 };
        var generator = SkConnector(http); // asks for base64 vectors, as the OpenAI client does by default
        var embeddings = await generator.GenerateAsync(["Hello world", "Best movie ever!"]);

        Assert.Equal(10, embeddings.Usage?.InputTokenCount); // [CLS] hello world [SEP] + [CLS] best movie ever ! [SEP]
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", embeddings[0].ModelId);
        var local = _server.App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var expected = await local.GenerateAsync(["Hello world", "Best movie ever!"]);
        Assert.Equal(expected[0].Vector.ToArray(), embeddings[0].Vector.ToArray()); // base64 round-trips every bit
        Assert.Equal(expected[1].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task DimensionsTruncateDeclaredMatryoshkaSizesAndAreA400NamingTheParameterOtherwise()
    {
        using var http = new HttpClient { BaseAddress = V1 };
        var generator = SkConnector(http);
        var cut = await generator.GenerateAsync(["Hello world"], new EmbeddingGenerationOptions { Dimensions = 128 });
        Assert.Equal(128, cut[0].Vector.Length);
        Assert.Equal(1.0, Math.Sqrt(cut[0].Vector.ToArray().Sum(v => (double)v * v)), 5);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["Hello world"], new EmbeddingGenerationOptions { Dimensions = 100 }));
        Assert.Equal(400, ex.Status);
        Assert.Contains("'dimensions' = 100", ex.Message, StringComparison.Ordinal); // the client shows OpenAI's error.message

        var raw = await http.PostAsJsonAsync("embeddings", new { input = "x", dimensions = 100 });
        var problem = await raw.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/problem+json", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("dimensions", problem.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", problem.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ModelsListsTheLoadedFolderAndEmbeddingModelThroughTheOpenaiClient()
    {
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = V1 }).GetOpenAIModelClient();
        var models = (await client.GetModelsAsync()).Value.Select(m => m.Id).ToList();
        Assert.Equal(["tiny-random-phi3", "sentence-transformers/all-MiniLM-L6-v2"], models);
    }
}
