using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SkPlugins.Host.Tests;

public sealed class RestApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private Task<HttpResponseMessage> PostRaw(string path, string body) =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task HealthReportsTheKernelFunctionsAndServices()
    {
        var health = await JsonOf(await Client.GetAsync("health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(6, health.GetProperty("functions").GetInt32());
        Assert.Equal(["songs", "tokenizer"], health.GetProperty("plugins").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.True(health.GetProperty("chat").GetBoolean());
        Assert.True(health.GetProperty("embeddings").GetBoolean());
    }

    [Fact]
    public async Task GenericEndpointInvokesAnyFunctionWithAJsonBody()
    {
        var response = await Client.PostAsJsonAsync("api/functions/tokenizer/tokenize", new { text = "Hello big world", tokenizer = "whitespace" });
        response.EnsureSuccessStatusCode();
        var result = await JsonOf(response);
        Assert.Equal(["Hello", "big", "world"], result.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal([0, 1, 2], result.GetProperty("ids").EnumerateArray().Select(t => t.GetInt32()).ToArray());
        Assert.Equal("whitespace", result.GetProperty("tokenizer").GetString());
    }

    [Fact]
    public async Task NamedRoutesTakeBodiesNamedLikeTheCommandLineOptions()
    {
        var encode = await JsonOf(await Client.PostAsJsonAsync("api/tokens/encode", new { tokenizer = "chars", text = "Hi!" }));
        Assert.Equal(["H", "i", "!"], encode.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray());

        var compare = await JsonOf(await Client.PostAsJsonAsync("api/tokens/compare", new { text = "a bc", tokenizers = new[] { "chars", "whitespace" } }));
        var rows = compare.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["chars", "whitespace"], rows.Select(r => r.GetProperty("tokenizer").GetString()!).ToArray());
        Assert.Equal([4, 2], rows.Select(r => r.GetProperty("count").GetInt32()).ToArray());
        Assert.Equal(2.0, rows[1].GetProperty("characters_per_token").GetDouble());
    }

    [Fact]
    public async Task ArgumentNamesMatchWhateverTheirCaseDashesOrUnderscores()
    {
        foreach (var body in new[] { """{"Song":"2172","TOP":2,"exclude-artist":"Black Sabbath"}""", """{"song":"2172","top":2,"exclude_artist":"Black Sabbath"}""" })
        {
            var response = await PostRaw("api/songs/recommend", body);
            var result = await JsonOf(response);
            Assert.True(response.IsSuccessStatusCode, result.ToString());
            Assert.Equal("Fade To Black", result.GetProperty("song").GetProperty("title").GetString());
            Assert.Equal(["Enter Sandman", "Crazy Train"], result.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("title").GetString()!).ToArray());
        }
    }

    [Fact]
    public async Task NumbersConvertToTheParameterTypeAndABadNumberIsA400()
    {
        var ok = await JsonOf(await PostRaw("api/functions/tokenizer/delay", """{"milliseconds": 3}"""));
        Assert.Equal(3, ok.GetInt32());
        var problem = await ProblemOf(await PostRaw("api/functions/tokenizer/delay", """{"milliseconds": "soon"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("argument 'milliseconds' must be an integer, not \"soon\"", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownFunctionIsA404ListingWhatExists()
    {
        var problem = await ProblemOf(await PostRaw("api/functions/nope/nothing", "{}"), HttpStatusCode.NotFound);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'nope.nothing'", detail);
        Assert.Contains("tokenizer.tokenize", detail);
    }

    [Fact]
    public async Task NamedRouteWhoseCapabilityIsNotRegisteredIsA404NamingTheFunction()
    {
        var problem = await ProblemOf(await Client.PostAsJsonAsync("api/embeddings", new { text = "hello" }), HttpStatusCode.NotFound);
        Assert.Contains("embeddings.embed", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"text": "x", "colour": "red"}""", "unknown argument 'colour'")]
    [InlineData("""{"tokenizer": "chars"}""", "missing required argument 'text'")]
    [InlineData("""{"text": "x", "tokenizer": "klingon"}""", "unknown tokenizer 'klingon'")]
    [InlineData("""["text"]""", "must be a JSON object")]
    [InlineData("""{"text": "x",""", "not valid JSON")]
    [InlineData("""{"text": {"nested": true}}""", "argument 'text' must be a string")]
    public async Task BadBodiesAre400ProblemsSayingWhatIsWrong(string body, string expected)
    {
        var problem = await ProblemOf(await PostRaw("api/tokens/encode", body), HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BodyOverTheSizeLimitIsA413()
    {
        var huge = "{\"text\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        // Expect: 100-continue, as well-behaved clients send large bodies: the server refuses on the announced length, so the
        // client never streams the 2 MiB into a connection the server has already answered and closed (a broken pipe).
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/tokens/encode") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await Client.SendAsync(request);
        var problem = await ProblemOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("MaxRequestBodyBytes", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("health")).StatusCode);
    }

    [Fact]
    public async Task AnUnexpectedFailureIsA500ThatHidesItsMessageAndTheServerStaysUp()
    {
        var response = await PostRaw("api/functions/tokenizer/fail", "{}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret internal detail", body);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("health")).StatusCode);
    }

    [Fact]
    public async Task FunctionCatalogueListsParametersAndNamedRoutes()
    {
        var functions = (await JsonOf(await Client.GetAsync("api/functions"))).EnumerateArray().ToList();
        var tokenize = functions.Single(f => f.GetProperty("plugin").GetString() == "tokenizer" && f.GetProperty("name").GetString() == "tokenize");
        Assert.Equal("/api/tokens/encode", tokenize.GetProperty("route").GetString());
        Assert.Equal("/api/functions/tokenizer/tokenize", tokenize.GetProperty("endpoint").GetString());
        var parameters = tokenize.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["text", "tokenizer"], parameters.Select(p => p.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([true, false], parameters.Select(p => p.GetProperty("required").GetBoolean()).ToArray());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheRoutes()
    {
        var document = await JsonOf(await Client.GetAsync("openapi/v1.json"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/tokens/encode", "/api/tokens/compare", "/api/embeddings", "/api/words/similar", "/api/songs/recommend", "/api/generate",
                     "/api/functions/{plugin}/{function}", "/v1/embeddings", "/v1/chat/completions", "/v1/models", "/health" })
        {
            Assert.Contains(expected, paths);
        }

        Assert.True(document.GetProperty("paths").GetProperty("/api/tokens/encode").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task UnknownPathIsA404Problem()
    {
        var problem = await ProblemOf(await Client.GetAsync("api/nothing/here"), HttpStatusCode.NotFound);
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task WebPageIsServedAtTheRoot()
    {
        var html = await Client.GetStringAsync("");
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html);
        var app = await Client.GetStringAsync("app.js");
        var modules = System.Text.RegularExpressions.Regex.Matches(app, "from '\\./([a-z]+\\.js)'").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["api.js", "tokens.js", "embeddings.js", "words.js", "songs.js", "chat.js"], modules);
        var scripts = new List<string> { html, app, await Client.GetStringAsync("app.css") };
        foreach (var module in modules.Append("charts.js"))
        {
            using var response = await Client.GetAsync(module);
            Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "text/javascript", "application/javascript" });
            scripts.Add(await response.Content.ReadAsStringAsync());
        }

        var all = string.Join('\n', scripts);
        Assert.All(new[] { "/api/tokens/compare", "/v1/embeddings", "/api/map/words", "/api/map/songs", "/api/songs/recommend", "/v1/chat/completions" },
            endpoint => Assert.Contains(endpoint, all, StringComparison.Ordinal));

        // Nothing is fetched from outside the server: the only absolute URL is the SVG namespace name.
        Assert.Equal(["http://www.w3.org/2000/svg"], System.Text.RegularExpressions.Regex.Matches(all, "https?://[^'\"\\s)]+").Select(m => m.Value).Distinct());
    }
}
