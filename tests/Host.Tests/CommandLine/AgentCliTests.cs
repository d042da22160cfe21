using System.CommandLine;
using System.Text.Json;
using SkPlugins.Host.CommandLine;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Host.Tests.CommandLine;

/// <summary>
/// <c>skplugins agent</c> on the tiny random Phi-3 with the real tokenizer plugin (offline, from the ../shared mirror): the first turn
/// must call a tool, so random weights still call; the output lists each call with its arguments and result, then the answer.
/// </summary>
public sealed class AgentCliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var context = new CliContext(stdout, stderr);
        context.Override(
        [
            new("SkPlugins:Mirrors:0", SharedData.Mirror),
            new("SkPlugins:Artifacts:Offline", "true"),
        ]);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var code = await SkPluginsCli.BuildRootCommand(context).Parse(args).InvokeAsync(config);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Args(params string[] extra)
    {
        var model = SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3");
        _ = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
        return ["agent", "How many tokens has 'Hello world' for gpt2?", "--model", model, "--execution-provider", "cpu", "--plugin", "tokenizer",
            "--first-turn", "required", "--max-turns", "2", "--max-new-tokens", "200", "--temperature", "1.5", .. extra];
    }

    [SkippableFact]
    public async Task JsonIsOneDocumentWithTheCallsAndTheAnswer()
    {
        var (code, stdout, stderr) = await RunAsync(Args("--seed", "1", "--json"));

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("turns").GetInt32());
        var calls = root.GetProperty("calls").EnumerateArray().ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, c =>
        {
            Assert.Equal(1, c.GetProperty("turn").GetInt32());
            Assert.Contains("tokenize", c.GetProperty("name").GetString()!, StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Object, c.GetProperty("arguments").ValueKind);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("result").GetString()));
        });
        Assert.Equal(JsonValueKind.String, root.GetProperty("answer").ValueKind);
    }

    [SkippableFact]
    public async Task TextOutputPrintsEachCallWithItsResultThenTheAnswer()
    {
        var (code, stdout, stderr) = await RunAsync(Args("--seed", "2"));

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.StartsWith("[turn 1] call ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  result: ", lines[1], StringComparison.Ordinal);
        Assert.Contains("2 turns", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFirstTurnModeIsNamed()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(["agent", "x", "--first-turn", "sometimes"], stdout, stderr);
        Assert.NotEqual(0, code);
        Assert.Contains("--first-turn", stderr.ToString(), StringComparison.Ordinal);
    }
}
