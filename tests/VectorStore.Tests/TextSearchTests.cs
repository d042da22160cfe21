using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Embeddings;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using SkPlugins.VectorStore.Service;
using Xunit;

#pragma warning disable CS0618 // ITextSearch: the non-generic interface Semantic Kernel's plugin factories take (see CollectionTextSearch)

namespace SkPlugins.VectorStore.Tests;

/// <summary>
/// Semantic Kernel's text search over the <c>sentences</c> collection of the embedded store, with the real all-MiniLM-L6-v2 ONNX
/// embeddings: the ITextSearch from DI, the <c>text_search</c> Kernel plugin in a rendered prompt, and the same ranking the typed
/// <c>embeddings.search_sentences</c> function gives.
/// </summary>
public sealed class TextSearchTests
{
    private static readonly string[] Sentences = SampleSentences.Topics;

    [Fact]
    public async Task RetrievesFromTheSentencesCollectionThroughDiThePluginAndAPrompt()
    {
        using var temp = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:VectorStore:Path"] = temp.Path,
        }).Build();
        var services = new ServiceCollection();
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsEmbeddings(configuration).AddSkPluginsVectorStore(configuration)
            .AddSkPluginsTextSearch(configuration).AddSkPluginsKernel();
        await using var provider = services.BuildServiceProvider();
        var search = provider.GetRequiredService<ITextSearch>();

        var missing = await Assert.ThrowsAsync<CollectionNotFoundException>(() => search.GetTextSearchResultsAsync("weather"));
        Assert.Contains("'sentences'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("store ingest sentences", missing.Message, StringComparison.Ordinal);

        await IngestAsync(provider, "sentences", Sentences);
        const string question = "Will it pour down with rain on Saturday?";
        var results = await (await search.GetTextSearchResultsAsync(question, new TextSearchOptions { Top = 3 })).Results.ToListAsync();

        Assert.Equal(3, results.Count);
        Assert.Equal(Sentences[4], results[0].Value);
        Assert.Equal("test", results[0].Name);
        Assert.Equal($"sentences/{DeterministicKeys.ForSentence("test", Sentences[4])}", results[0].Link);
        var typed = await provider.GetRequiredService<EmbeddingPlugin>().SearchSentencesAsync(question, top: 3);
        Assert.Equal(typed.Select(h => h.Text), results.Select(r => r.Value)); // the same ranking as the typed collection's search
        Assert.Equal(typed.Select(h => h.Text).Skip(1), await (await search.SearchAsync(question, new TextSearchOptions { Top = 2, Skip = 1 })).Results.ToListAsync());

        var kernel = provider.GetRequiredService<Kernel>();
        Assert.Contains(kernel.Plugins, p => p.Name == CollectionTextSearchServiceCollectionExtensions.PluginName);
        var template = new KernelPromptTemplateFactory().Create(new PromptTemplateConfig(
            "Answer with these passages:\n{{text_search.GetPassages $question}}\nQuestion: {{$question}}"));
        var prompt = await template.RenderAsync(kernel, new KernelArguments { ["question"] = "Who scored a goal in the football game?" });
        Assert.Contains(Sentences[3], prompt, StringComparison.Ordinal);
        Assert.True(prompt.IndexOf(Sentences[3], StringComparison.Ordinal) < prompt.IndexOf("Question:", StringComparison.Ordinal));
        Assert.StartsWith("Answer with these passages:\n[1] " + Sentences[3] + " (test, sentences/", prompt, StringComparison.Ordinal);
        Assert.Contains("\n[3] ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\n[4] ", prompt, StringComparison.Ordinal); // GetPassages' default top is 3

        // Semantic Kernel's own function (CreateWithGetTextSearchResults' GetTextSearchResults), as a tool-calling model invokes it.
        var tool = await kernel.InvokeAsync(CollectionTextSearchServiceCollectionExtensions.PluginName, "GetTextSearchResults", new KernelArguments { ["query"] = "a symphony concert", ["count"] = 1 });
        var only = Assert.Single(tool.GetValue<IEnumerable<TextSearchResult>>()!);
        Assert.Equal(Sentences[5], only.Value);
    }

    private static async Task IngestAsync(IServiceProvider provider, string name, string[] sentences)
    {
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(sentences);
        var store = provider.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        var collection = store.GetCollection<Guid, SentenceRecord>(name, RecordDefinitions.Sentences(embeddings[0].Vector.Length));
        var records = sentences.Zip(embeddings, (text, e) => new SentenceRecord { Id = DeterministicKeys.ForSentence("test", text), Text = text, Source = "test", Embedding = e.Vector });
        await VectorIngestion.IngestAsync(collection, records, "test");
    }
}
