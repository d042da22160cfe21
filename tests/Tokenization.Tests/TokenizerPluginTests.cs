using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using SkPlugins.Tokenization;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Tokenization;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>The kernel plugin, registered through AddSkPluginsTokenization as the lead's composition root does.</summary>
public sealed class TokenizerPluginTests
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["SkPlugins:Mirrors:0"] = SharedData.Mirror,
                ["SkPlugins:Artifacts:Offline"] = "true",
            }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();
        var services = new ServiceCollection();
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsTokenization(configuration).AddSkPluginsKernel();
        return services.BuildServiceProvider();
    }

    [SkippableFact]
    public async Task KernelExposesTheFourFunctions()
    {
        using var services = Services();
        var kernel = services.GetRequiredService<Kernel>();
        var plugin = kernel.Plugins["tokenizer"];
        Assert.Equal(["compare_tokenizers", "count_tokens", "decode", "tokenize"], plugin.Select(f => f.Name).Order());
        var result = await kernel.InvokeAsync(plugin["count_tokens"], new KernelArguments { ["text"] = "Hello world", ["tokenizer"] = "bert-base-cased" });
        Assert.Equal(4, result.GetValue<TokenCountResult>()!.Count);
        Assert.All(plugin, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
    }

    [SkippableFact]
    public async Task TokenizeGivesIdsTokensAndOffsets()
    {
        using var services = Services();
        var plugin = services.GetRequiredService<TokenizerPlugin>();
        var result = await plugin.TokenizeAsync("Hello world", "microsoft/deberta-base");
        Assert.Equal(["[CLS]", "Hello", " world", "[SEP]"], result.Tokens);
        Assert.Equal([1, 31414, 232, 2], result.Ids);
        Assert.Equal([0, 5], result.Offsets[1]);
        Assert.Equal([5, 11], result.Offsets[2]);
        Assert.False(result.Truncated);
        Assert.Contains("\"ids\"", JsonSerializer.Serialize(result, s_json), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TokenizeCutsLongListsButCountsEverything()
    {
        using var services = Services(("SkPlugins:Tokenization:MaxTokensReturned", "5"));
        var plugin = services.GetRequiredService<TokenizerPlugin>();
        var result = await plugin.TokenizeAsync(string.Join(' ', Enumerable.Repeat("word", 50)), "gpt2");
        Assert.Equal(50, result.Count);
        Assert.Equal(5, result.Ids.Count);
        Assert.True(result.Truncated);
    }

    [SkippableFact]
    public async Task DecodeAndDefaultTokenizer()
    {
        using var services = Services(("SkPlugins:Tokenization:DefaultTokenizer", "microsoft/Phi-3-mini-4k-instruct"));
        var plugin = services.GetRequiredService<TokenizerPlugin>();
        Assert.Equal("Subject", (await plugin.DecodeAsync([3323, 622])).Text);
    }

    [SkippableFact]
    public async Task CompareUsesTheBooksTokenizersAndReportsMissingOnes()
    {
        using var services = Services();
        var plugin = services.GetRequiredService<TokenizerPlugin>();
        var results = await plugin.CompareTokenizersAsync();
        Assert.Equal(BookTokenizers.Names, results.Select(r => r.Tokenizer));
        var uncased = results.Single(r => r.Tokenizer == "bert-base-uncased");
        Assert.Equal(2, uncased.UnknownCount); // 🎵 and 鸟
        Assert.Equal(Math.Round((double)BookTokenizers.Text.Length / uncased.Count, 3), uncased.CharactersPerToken);
        var galactica = results.Single(r => r.Tokenizer == "facebook/galactica-1.3b");
        if (!Tokenizers.IsAvailable("facebook/galactica-1.3b"))
        {
            Assert.Contains("galactica", galactica.Error, StringComparison.Ordinal);
        }

        Assert.True(results.Single(r => r.Tokenizer == "gpt2").Count > results.Single(r => r.Tokenizer == "Xenova/gpt-4").Count);
    }

    [SkippableFact]
    public async Task TooLongTextIsRefusedWithTheLimit()
    {
        using var services = Services(("SkPlugins:Tokenization:MaxTextLength", "10"));
        var plugin = services.GetRequiredService<TokenizerPlugin>();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => plugin.CountTokensAsync(new string('a', 11), "gpt2"));
        Assert.Contains("MaxTextLength", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ProviderCachesAndListsTheKnownTokenizers()
    {
        using var services = Services();
        var provider = services.GetRequiredService<ITokenizerProvider>();
        Assert.Same(await provider.GetAsync("bert-base-cased"), await provider.GetAsync("bert-base-cased"));
        var list = provider.List();
        Assert.Equal(BookTokenizers.Names.Append("gpt-4o").Order(StringComparer.Ordinal), list.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.True(list.Single(t => t.Name == "gpt2").Available);
    }
}
