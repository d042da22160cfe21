using System.CommandLine;
using System.Text.Json;
using SkPlugins.Host.CommandLine;
using SkPlugins.Host.Tour;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Host.Tests.CommandLine;

/// <summary>
/// Phi-3's special tokens: by default what its files say (no &lt;s&gt;, as transformers gives with them today); <c>--book-view</c>
/// shows what the book printed (&lt;s&gt; first). Expected ids from tests/Tokenization.Tests/TestData/special-token-defaults.json
/// (Hugging Face's Rust tokenizers with transformers' rules); the tour says where the book differs.
/// </summary>
public sealed class TokensBookViewCliTests
{
    private const string Phi3 = "microsoft/Phi-3-mini-4k-instruct";

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EncodeFollowsTheFilesUnlessTheBookViewIsAskedFor(bool bookView)
    {
        SharedData.Require($"mirror/hf/{Phi3}/tokenizer.json");
        string[] args = ["tokens", "encode", "-t", Phi3, "--text", "Hello world", "--json", .. bookView ? ["--book-view"] : Array.Empty<string>()];
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var ids = document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(ExpectedIds("Hello world", bookView), ids);
        Assert.Equal(bookView, ids[0] == 1);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheTourSaysWhereTheBookDiffers(bool bookView)
    {
        SharedData.Require($"mirror/hf/{Phi3}/tokenizer.json");
        using var temp = new TempFolder("skplugins-tour-tokens");
        var output = await TourSections.RunAsync(
            new Dictionary<string, string?>
            {
                ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
                ["SkPlugins:Artifacts:Offline"] = "true",
                ["SkPlugins:Tokenization:BookView"] = bookView ? "true" : "false",
            },
            temp.Path,
            new TokenizersSection());

        var lines = output.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith(Phi3, StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        Assert.Equal(bookView, lines[header + 1].StartsWith("<s> ", StringComparison.Ordinal));
        var text = output.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Contains(TokenizersSection.Phi3Note(bookView)[..40], text, StringComparison.Ordinal);
        Assert.Contains("add_bos_token=false", text, StringComparison.Ordinal);
    }

    private static int[] ExpectedIds(string text, bool bookView)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "Tokenization.Tests", "TestData", "special-token-defaults.json")));
        var entry = reference.RootElement.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("name").GetString() == Phi3
            && (bookView ? e.GetProperty("note").GetString()?.StartsWith("the book's view", StringComparison.Ordinal) == true : e.GetProperty("config_changes").ValueKind == JsonValueKind.Null));
        return entry.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("text").GetString() == text).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var context = new CliContext(stdout, stderr);
        context.Override([new("SkPlugins:Mirrors:0", SharedData.Mirror), new("SkPlugins:Artifacts:Offline", "true")]);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var code = await SkPluginsCli.BuildRootCommand(context).Parse(args).InvokeAsync(config);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
