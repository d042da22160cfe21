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
    public async Task EveryKernelFunctionIsAToolWithItsDescriptionAndSchema()
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
    public async Task CallingAToolRunsTheKernelFunction()
    {
        await using var client = await ConnectAsync();
        var result = await client.CallToolAsync("songs_recommend_songs", new Dictionary<string, object?> { ["song"] = "Fade To Black", ["top"] = 2 });
        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        var json = JsonDocument.Parse(text).RootElement;
        var titles = json.EnumerateObject().Single(p => p.NameEquals("results") || p.NameEquals("Results")).Value
            .EnumerateArray().Select(r => r.EnumerateObject().Single(p => p.Name.Equals("title", StringComparison.OrdinalIgnoreCase)).Value.GetString()!).ToArray();
        Assert.Equal(["Enter Sandman", "Paranoid"], titles);
    }

    [Fact]
    public async Task AFailingToolCallIsAnErrorResultAndTheSessionGoesOn()
    {
        await using var client = await ConnectAsync();
        var failed = await client.CallToolAsync("tokenizer_tokenize", new Dictionary<string, object?> { ["text"] = "x", ["tokenizer"] = "klingon" });
        Assert.True(failed.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(failed.Content)).Text;
        Assert.Contains("unknown tokenizer 'klingon'; known: whitespace, chars", message, StringComparison.Ordinal); // the message REST shows, so an agent can correct itself
        var ok = await client.CallToolAsync("tokenizer_tokenize", new Dictionary<string, object?> { ["text"] = "x y", ["tokenizer"] = "whitespace" });
        Assert.NotEqual(true, ok.IsError);
        Assert.Contains("\"y\"", Assert.IsType<TextContentBlock>(Assert.Single(ok.Content)).Text);
    }

    [Fact]
    public async Task AnUnexpectedFailureIsAnErrorResultWithoutInternalDetails()
    {
        await using var client = await ConnectAsync();
        var failed = await client.CallToolAsync("tokenizer_fail", new Dictionary<string, object?>());
        Assert.True(failed.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(failed.Content)).Text;
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        Assert.Contains("tokenizer_fail", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFunctionReturningAnObjectDeclaresAnOutputSchemaAndReturnsStructuredContent()
    {
        await using var client = await ConnectAsync();
        var tools = await client.ListToolsAsync();
        var schema = tools.Single(t => t.Name == "tokenizer_tokenize").ProtocolTool.OutputSchema;
        Assert.NotNull(schema);
        Assert.Equal("object", schema.Value.GetProperty("type").GetString());
        var properties = schema.Value.GetProperty("properties");
        Assert.True(properties.TryGetProperty("tokens", out _) || properties.TryGetProperty("Tokens", out _), properties.GetRawText());
        Assert.Null(tools.Single(t => t.Name == "tokenizer_delay").ProtocolTool.OutputSchema); // a number is not structured content
        Assert.Null(tools.Single(t => t.Name == "songs_find_song").ProtocolTool.OutputSchema); // nor is a list

        var result = await client.CallToolAsync("tokenizer_tokenize", new Dictionary<string, object?> { ["text"] = "a b c", ["tokenizer"] = "whitespace" });
        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        var tokens = structured.EnumerateObject().Single(p => p.Name.Equals("tokens", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal(["a", "b", "c"], tokens.EnumerateArray().Select(t => t.GetString()!).ToArray());
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text; // the text content stays for clients without structured output
        Assert.True(JsonElement.DeepEquals(structured, JsonDocument.Parse(text).RootElement), text);
    }
}
