using System.Text.Json;
using SkPlugins.Host.CommandLine;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Host.Tests.CommandLine;

/// <summary><c>skplugins generate --json-schema FILE</c> on the tiny random Phi-3: structured output from the command line.</summary>
public sealed class GenerateJsonSchemaCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("skplugins-schema-").FullName;

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OutputIsJsonOfTheSchema(int seed)
    {
        var model = SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3");
        var schema = Path.Combine(_folder, "schema.json");
        await File.WriteAllTextAsync(schema, """{"type":"object","properties":{"n":{"type":"integer"},"ok":{"type":"boolean"},"tag":{"enum":["a","b"]}},"required":["n","ok"],"additionalProperties":false}""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(
            ["generate", "--model", model, "--execution-provider", "cpu", "--chat", "--prompt", "A record please", "--json-schema", schema, "--max-new-tokens", "96", "--temperature", "1.5", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"],
            stdout,
            stderr);

        Assert.True(code == 0, stderr.ToString());
        using var result = JsonDocument.Parse(stdout.ToString());
        var text = result.RootElement.EnumerateObject().First(p => p.Name.Equals("text", StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
        using var value = JsonDocument.Parse(text);
        var names = value.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(JsonValueKind.Number, value.RootElement.GetProperty("n").ValueKind);
        Assert.True(value.RootElement.GetProperty("n").TryGetInt64(out _));
        Assert.Contains(value.RootElement.GetProperty("ok").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.All(names, n => Assert.Contains(n, new[] { "n", "ok", "tag" }));
    }

    [SkippableTheory]
    [InlineData("""{"type":"string","pattern":"x"}""", "pattern")]
    [InlineData("{\n  \"type\": ", "line 2")]
    public async Task BadSchemaFileIsAClearError(string content, string expected)
    {
        var model = SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3");
        var schema = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(schema, content);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(["generate", "--model", model, "--execution-provider", "cpu", "--prompt", "x", "--json-schema", schema], stdout, stderr);
        Assert.NotEqual(0, code);
        Assert.Contains("bad.json", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MissingSchemaFileIsNamed()
    {
        var model = SharedData.PathOf("mirror/hf/skplugins-testing/tiny-random-phi3");
        Skip.IfNot(Directory.Exists(model), "tiny model fixture missing");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(["generate", "--model", model, "--execution-provider", "cpu", "--prompt", "x", "--json-schema", "/no/such/schema.json"], stdout, stderr);
        Assert.NotEqual(0, code);
        Assert.Contains("/no/such/schema.json", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
