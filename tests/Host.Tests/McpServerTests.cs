using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace SkPlugins.Host.Tests;

/// <summary>The MCP C# client, over streamable HTTP at <c>/mcp</c>, sees every kernel function as a tool and calls them.</summary>
public sealed class McpServerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<McpClient> ConnectAsync()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(fixture.Server.BaseAddress, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return await McpClient.CreateAsync(transport);
    }

    [Fact]
    public async Task Every_kernel_function_is_a_tool_with_its_description_and_schema()
    {
        await using var client = await ConnectAsync();
        var tools = await client.ListToolsAsync();
        Assert.Equal(
            ["songs_find_song", "songs_recommend_songs", "tokenizer_compare_tokenizers", "tokenizer_delay", "tokenizer_fail", "tokenizer_tokenize"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray());
        var tokenize = tools.Single(t => t.Name == "tokenizer_tokenize");
        Assert.Equal("Splits text into tokens with one tokenizer.", tokenize.Description);
        var properties = tokenize.JsonSchema.GetProperty("properties");
        Assert.True(properties.TryGetProperty("text", out _));
        Assert.True(properties.TryGetProperty("tokenizer", out _));
        Assert.Equal(["text"], tokenize.JsonSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Calling_a_tool_runs_the_kernel_function()
    {
        await using var client = await ConnectAsync();
        var result = await client.CallToolAsync("songs_recommend_songs", new Dictionary<string, object?> { ["song"] = "Fade To Black", ["topn"] = 2 });
        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        var json = JsonDocument.Parse(text).RootElement;
        var titles = json.EnumerateObject().Single(p => p.NameEquals("results") || p.NameEquals("Results")).Value
            .EnumerateArray().Select(r => r.EnumerateObject().Single(p => p.Name.Equals("title", StringComparison.OrdinalIgnoreCase)).Value.GetString()!).ToArray();
        Assert.Equal(["Enter Sandman", "Paranoid"], titles);
    }

    [Fact]
    public async Task A_failing_tool_call_is_an_error_result_and_the_session_goes_on()
    {
        await using var client = await ConnectAsync();
        var failed = await client.CallToolAsync("tokenizer_tokenize", new Dictionary<string, object?> { ["text"] = "x", ["tokenizer"] = "klingon" });
        Assert.True(failed.IsError);
        var ok = await client.CallToolAsync("tokenizer_tokenize", new Dictionary<string, object?> { ["text"] = "x y", ["tokenizer"] = "whitespace" });
        Assert.NotEqual(true, ok.IsError);
        Assert.Contains("\"y\"", Assert.IsType<TextContentBlock>(Assert.Single(ok.Content)).Text);
    }
}
