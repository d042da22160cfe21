using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Embeddings;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>Semantic search over sentences ingested into the embedded vector store, through the kernel plugin.</summary>
public sealed class SentenceSearchTests
{
    private static readonly string[] Sentences = SampleSentences.Topics[..5];

    [Fact]
    public async Task SearchSentencesFindsTheParaphraseFirstAndExplainsAMissingCollection()
    {
        using var temp = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:VectorStore:Path"] = temp.Path,
        }).Build();
        var services = new ServiceCollection();
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsEmbeddings(configuration).AddSkPluginsVectorStore(configuration).AddSkPluginsKernel();
        await using var provider = services.BuildServiceProvider();
        var plugin = provider.GetRequiredService<EmbeddingPlugin>();

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => plugin.SearchSentencesAsync("weather"));
        Assert.Contains("store ingest sentences", missing.Message, StringComparison.Ordinal);

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(Sentences);
        var store = provider.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        var collection = store.GetCollection<Guid, SentenceRecord>("sentences", RecordDefinitions.Sentences(embeddings[0].Vector.Length));
        var records = Sentences.Zip(embeddings, (text, e) => new SentenceRecord { Id = DeterministicKeys.ForSentence("test", text), Text = text, Source = "test", Embedding = e.Vector });
        await VectorIngestion.IngestAsync(collection, records, "test");

        var hits = await plugin.SearchSentencesAsync("Will it pour down with rain on Saturday?", top: 3);
        Assert.Equal(3, hits.Count);
        Assert.Equal(Sentences[4], hits[0].Text);
        Assert.Equal("test", hits[0].Source);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(Sentences[3], (await plugin.SearchSentencesAsync("football goal", top: 1))[0].Text);
    }
}
