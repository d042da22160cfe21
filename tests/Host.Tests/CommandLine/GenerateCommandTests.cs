using System.Text.Json;
using SkPlugins.Host.CommandLine;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Host.Tests.CommandLine;

/// <summary><c>generate --json --verbose</c> on the tiny Phi-3 fixture: one JSON document with ids and timings, the timings on stderr.</summary>
public sealed class GenerateCommandTests
{
    [SkippableFact]
    public async Task JsonReportsTimingsAndVerbosePrintsThem()
    {
        var folder = SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(
            ["generate", "--model", folder, "--prompt-ids", "1,14350,385,4876", "--max-new-tokens", "6", "--execution-provider", "cpu", "--json", "--verbose"],
            stdout,
            stderr);

        Assert.True(code == 0, stderr.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        var root = document.RootElement;
        Assert.Equal(6, root.GetProperty("output_ids").GetArrayLength());
        foreach (var name in new[] { "load_ms", "time_to_first_token_ms", "prompt_tokens_per_second", "tokens_per_second" })
        {
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} should be positive");
        }

        // 4 prompt tokens over the time to first token.
        Assert.Equal(4 / (root.GetProperty("time_to_first_token_ms").GetDouble() / 1000), root.GetProperty("prompt_tokens_per_second").GetDouble(), 0.5);
        Assert.Contains("eval rate:", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("load duration:", stderr.ToString(), StringComparison.Ordinal);
    }
}
