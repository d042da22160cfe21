using SkPlugins.Host.CommandLine;
using Xunit;

namespace SkPlugins.Host.Tests.CommandLine;

public sealed class CliTests
{
    [Fact]
    public async Task HelpListsEveryCommandGroup()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(["--help"], stdout, stderr);

        Assert.Equal(0, code);
        foreach (var group in new[] { "tokens", "embed", "glove", "songs", "store", "generate", "agent", "serve", "tour" })
        {
            Assert.Matches($@"(?m)^\s+{group}\s", stdout.ToString());
        }
    }

    [Fact]
    public async Task UnknownCommandIsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SkPluginsCli.RunAsync(["no-such-command"], stdout, stderr);
        Assert.NotEqual(0, code);
        Assert.Contains("no-such-command", stderr.ToString() + stdout.ToString(), StringComparison.Ordinal);
    }
}
