using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.VectorStore;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Host.Tests;

/// <summary>The vector store as a service on a real Kestrel server with a real HttpClient: <c>/api/collections</c> over the
/// GloVe slice (search by word equals gensim's most_similar, TestData of VectorStore.Tests), points CRUD, limits and
/// problem+json errors, the <c>vector_store</c> kernel function, and the OpenAPI document.</summary>
public sealed class CollectionApiTests
{
    [SkippableFact]
    public async Task SearchByWordOverHttpEqualsGensimAndTheKernelFunctionAgrees()
    {
        var glove = SharedData.Require(SharedData.GloveSlice);
        using var folder = new TempFolder("skplugins-api");
        using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path }))
        {
            await VectorIngestion.IngestAsync(store.GetCollection<ulong, WordRecord>("glove", RecordDefinitions.Words(50)), RecordSources.Words(glove), VectorIngestion.SourceFingerprint(glove));
        }

        await using var server = await StartAsync(folder.Path);
        var list = await GetJson(server, "api/collections");
        var glovInfo = list.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "glove");
        Assert.Equal((10_000, 50, "CosineSimilarity"), (glovInfo.GetProperty("count").GetInt32(), glovInfo.GetProperty("dimensions").GetInt32(), glovInfo.GetProperty("distance").GetString()));

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "VectorStore.Tests", "TestData", "glove_most_similar.json")));
        foreach (var entry in expected.RootElement.GetProperty("neighbours").EnumerateObject())
        {
            var results = (await PostJson(server, "api/collections/glove/search", new { word = entry.Name, top = 10 })).GetProperty("results").EnumerateArray().ToList();
            var gensim = entry.Value.EnumerateArray().ToList();
            Assert.Equal(gensim.Select(g => g[0].GetString()), results.Select(r => r.GetProperty("payload").GetProperty("Word").GetString()));
            Assert.All(results.Zip(gensim), p => Assert.Equal(p.Second[1].GetDouble(), p.First.GetProperty("score").GetDouble(), 1e-5));
        }

        var function = await PostJson(server, "api/functions/vector_store/search", new { collection = "glove", word = "king", top = 3 });
        Assert.Equal("prince", function[0].GetProperty("payload").GetProperty("Word").GetString());

        // The test double embeds text with its own dimensions, not GloVe's 50: a clear 400, not a crash.
        var problem = await Problem(await server.Client.PostAsJsonAsync("api/collections/glove/search", new { text = "a king", top = 3 }), HttpStatusCode.BadRequest);
        Assert.Contains("50", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PointsCrudLimitsAndErrorsOverHttp()
    {
        using var folder = new TempFolder("skplugins-api");
        await using var server = await StartAsync(folder.Path);
        var points = Enumerable.Range(1, 8).Select(i => new { id = i, vector = new[] { i, 1f, 0f }, payload = new { kind = i % 2 == 0 ? "even" : "odd", n = i } }).ToArray();
        var upserted = await Send(server, HttpMethod.Put, "api/collections/pts/points", new { points });
        Assert.Equal(8, upserted.GetProperty("collection").GetProperty("count").GetInt32());
        upserted = await Send(server, HttpMethod.Put, "api/collections/pts/points", new { points = points.Take(4) });
        Assert.Equal(8, upserted.GetProperty("collection").GetProperty("count").GetInt32()); // idempotent by id

        var info = await GetJson(server, "api/collections/pts");
        Assert.Equal(3, info.GetProperty("dimensions").GetInt32());
        Assert.Equal("long", info.GetProperty("fields").GetProperty("n").GetString());

        var even = (await PostJson(server, "api/collections/pts/search", new { vector = new[] { 1f, 0f, 0f }, top = 3, filter = new { kind = "even" }, with_vectors = true }))
            .GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([8UL, 6UL, 4UL], even.Select(r => r.GetProperty("id").GetUInt64()));
        Assert.Equal(3, even[0].GetProperty("vector").GetArrayLength());
        var threshold = (await PostJson(server, "api/collections/pts/search", new { vector = new[] { 0f, 1f, 0f }, top = 8, score_threshold = 0.5 })).GetProperty("results");
        Assert.All(threshold.EnumerateArray(), r => Assert.True(r.GetProperty("score").GetDouble() >= 0.5));
        Assert.InRange(threshold.GetArrayLength(), 1, 7);
        var byId = (await PostJson(server, "api/collections/pts/search", new { id = 3, top = 2 })).GetProperty("results");
        Assert.DoesNotContain(byId.EnumerateArray(), r => r.GetProperty("id").GetUInt64() == 3);
        var recommended = (await PostJson(server, "api/collections/pts/recommend", new { positive = new[] { 8 }, negative = new[] { 1 }, strategy = "best_score", top = 2 })).GetProperty("results");
        Assert.Equal(2, recommended.GetArrayLength());

        var deleted = await Send(server, HttpMethod.Delete, "api/collections/pts/points", new { ids = new[] { 1, 2 } });
        Assert.Equal(2, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal(6, (await GetJson(server, "api/collections/pts")).GetProperty("count").GetInt32());

        var tooMany = Enumerable.Range(1, 11).Select(i => new { id = i, vector = new[] { 1f, 1f, 1f } }).ToArray();
        Assert.Contains("limit is 10", await Problem(await SendRaw(server, HttpMethod.Put, "api/collections/pts/points", new { points = tooMany }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("'top' must be between 1 and 10", await Problem(await server.Client.PostAsJsonAsync("api/collections/pts/search", new { vector = new[] { 1f, 0f, 0f }, top = 11 }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("points[0].vector has 2 dimensions", await Problem(await SendRaw(server, HttpMethod.Put, "api/collections/pts/points", new { points = new[] { new { id = 9, vector = new[] { 1f, 2f } } } }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("'color'", await Problem(await server.Client.PostAsJsonAsync("api/collections/pts/search", new { vector = new[] { 1f, 0f, 0f }, top = 3, filter = new { color = "red" } }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await Problem(await server.Client.PostAsync("api/collections/pts/search", new StringContent("{ not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("'nope'", await Problem(await server.Client.PostAsJsonAsync("api/collections/nope/search", new { vector = new[] { 1f }, top = 1 }), HttpStatusCode.NotFound), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync("api/collections/pts")).StatusCode);
        await Problem(await server.Client.GetAsync("api/collections/pts"), HttpStatusCode.NotFound);
        await Problem(await server.Client.DeleteAsync("api/collections/pts"), HttpStatusCode.NotFound);

        var openApi = await server.Client.GetStringAsync("openapi/v1.json");
        Assert.Contains("/api/collections/{name}/search", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/collections/{name}/points", openApi, StringComparison.Ordinal);
    }

    private static Task<RunningServer> StartAsync(string store) => RunningServer.StartAsync(
        [$"--SkPlugins:VectorStore:Path={store}", "--SkPlugins:VectorStore:Service:MaxPointsPerRequest=10", "--SkPlugins:VectorStore:Service:MaxTop=10"],
        services => services.AddKernelPlugin<VectorStorePlugin>("vector_store"));

    private static async Task<JsonElement> GetJson(RunningServer server, string path)
    {
        var response = await server.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static Task<JsonElement> PostJson(RunningServer server, string path, object body) => Send(server, HttpMethod.Post, path, body);

    private static async Task<JsonElement> Send(RunningServer server, HttpMethod method, string path, object body)
    {
        var response = await SendRaw(server, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static Task<HttpResponseMessage> SendRaw(RunningServer server, HttpMethod method, string path, object body) =>
        server.Client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    private static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }
}
