using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SkPlugins.Host.Tests;

public sealed class SecurityTests
{
    private const string Key = "s3cret-key";

    private static Task<RunningServer> StartAsync(params string[] settings) =>
        RunningServer.StartAsync([$"--SkPlugins:Serve:ApiKey={Key}", .. settings]);

    private static HttpRequestMessage Encode(Action<HttpRequestMessage>? authenticate = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/tokens/encode") { Content = JsonContent.Create(new { text = "a b", tokenizer = "whitespace" }) };
        authenticate?.Invoke(request);
        return request;
    }

    [Fact]
    public async Task ApiKeyIsRequiredExceptForHealthAndThePage()
    {
        await using var server = await StartAsync();
        var client = server.Client;

        var missing = await client.SendAsync(Encode());
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("API key is required", await missing.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        var wrong = await client.SendAsync(Encode(r => r.Headers.Add("X-Api-Key", "guess")));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not valid", await wrong.Content.ReadAsStringAsync());

        var bearer = await client.SendAsync(Encode(r => r.Headers.Authorization = new("Bearer", Key)));
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        var header = await client.SendAsync(Encode(r => r.Headers.Add("X-Api-Key", Key)));
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("mcp", JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }))).StatusCode);
        var health = JsonDocument.Parse(await client.GetStringAsync("health")).RootElement;
        Assert.True(health.GetProperty("api_key_required").GetBoolean());
    }

    [Fact]
    public async Task RequestsBeyondTheConcurrencyLimitGet429AndTheServerKeepsServing()
    {
        await using var server = await StartAsync("--SkPlugins:Serve:MaxConcurrentRequests=1", "--SkPlugins:Serve:QueueLimit=0");
        var client = server.Client;
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var slow = client.PostAsJsonAsync("api/functions/tokenizer/delay", new { milliseconds = 1500 });
        await Task.Delay(300);
        var rejected = await client.PostAsJsonAsync("api/functions/tokenizer/delay", new { milliseconds = 1 });
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MaxConcurrentRequests", await rejected.Content.ReadAsStringAsync());
        Assert.True(rejected.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("api/functions/tokenizer/delay", new { milliseconds = 1 })).StatusCode);
    }

    [Fact]
    public async Task PerClientRateLimitRejectsABurst()
    {
        await using var server = await StartAsync("--SkPlugins:Serve:RequestsPerSecondPerClient=3");
        var client = server.Client;
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var statuses = new List<HttpStatusCode>();
        var burst = Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("api/functions/tokenizer/delay", new { milliseconds = 0 })).ToList();
        statuses.AddRange((await Task.WhenAll(burst)).Select(r => r.StatusCode));

        // 3 tokens per second: a burst of 8 gets at least 3 through and at least 3 rejected, whatever the second boundary.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 5);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.TooManyRequests), 3, 5);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
    }

    [Fact]
    public async Task StoppingWaitsForRequestsInFlight()
    {
        var server = await StartAsync();
        server.Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var inFlight = server.Client.PostAsJsonAsync("api/functions/tokenizer/delay", new { milliseconds = 800 });
        await Task.Delay(200);
        await server.App.StopAsync();
        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("800", await response.Content.ReadAsStringAsync());
        await server.DisposeAsync();
    }
}
