using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Generation;
using SkPlugins.Plugins.Generation;
using SkPlugins.TestSupport;

namespace SkPlugins.Host.Tests;

/// <summary>
/// The REST and kernel-function equivalent of <c>generate --json-schema</c>: <c>POST /api/generate</c> with <c>json_schema</c> runs the
/// <c>generation.generate</c> kernel function under the grammar constraint on the tiny random Phi-3, so even random weights answer JSON
/// that validates (JsonSchema.Net); a schema outside the supported subset is a 400 naming the argument and the keyword.
/// </summary>
public sealed class GenerateJsonSchemaRestTests : IAsyncLifetime
{
    private const string Schema = """{"type":"object","properties":{"ok":{"type":"boolean"},"tag":{"enum":["a","b"]},"none":{"type":"null"}},"required":["ok","tag"],"additionalProperties":false}""";
    private RunningServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<RunningServer> ServerAsync()
    {
        var folder = TinyModelServerFixture.ModelFolder;
        _ = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
        return _server ??= await RunningServer.StartAsync(
            settings: [$"--SkPlugins:Generation:Model={folder}", "--SkPlugins:Generation:Subfolder=", "--SkPlugins:Generation:ExecutionProvider=Cpu"],
            configure: services => services.AddKernelPlugin<GenerationPlugin>("generation"));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GenerateWithAJsonSchemaAnswersValidJson(bool schemaAsText)
    {
        var server = await ServerAsync();
        object schema = schemaAsText ? Schema : JsonDocument.Parse(Schema).RootElement;
        var response = await server.Client.PostAsJsonAsync("api/generate", new { prompt = "Give me a record.", max_new_tokens = 64, json_schema = schema });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = JsonDocument.Parse(text).RootElement;

        Assert.True(result.GetProperty("stopped_on_eos").GetBoolean(), text);
        var output = result.GetProperty("text").GetString()!;
        Assert.True(JsonSchema.FromText(Schema).Evaluate(JsonNode.Parse(output)).IsValid, output);
    }

    [SkippableFact]
    public async Task UnsupportedSchemaIsA400NamingTheArgumentAndKeyword()
    {
        var server = await ServerAsync();
        var response = await server.Client.PostAsJsonAsync("api/generate", new { prompt = "x", json_schema = JsonDocument.Parse("""{"type":"string","pattern":"x"}""").RootElement });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("json_schema", text, StringComparison.Ordinal);
        Assert.Contains("pattern", text, StringComparison.Ordinal);
    }
}
