using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.Plugins.DependencyInjection;
using SkPlugins.Plugins.Embeddings;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>The DI registration, the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and the kernel functions, through one container.</summary>
public sealed class EmbeddingPluginTests : IDisposable
{
    private readonly ServiceProvider _services;

    public EmbeddingPluginTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Artifacts:Offline"] = "true",
            ["SkPlugins:Embeddings:BatchSize"] = "4",
            ["SkPlugins:Embeddings:ExecutionProvider"] = "Cpu",
            ["SkPlugins:Embeddings:Truncation"] = "Error",
            ["SkPlugins:Embeddings:MatryoshkaDimensions:sentence-transformers/all-MiniLM-L6-v2:0"] = "128",
        }).Build();
        var services = new ServiceCollection();
        services.AddSkPluginsArtifacts(configuration).AddSkPluginsEmbeddings(configuration).AddSkPluginsKernel();
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public void OptionsBindFromConfiguration()
    {
        var options = _services.GetRequiredService<IOptions<OnnxEmbeddingOptions>>().Value;
        Assert.Equal(4, options.BatchSize);
        Assert.Equal(TruncationBehavior.Error, options.Truncation);
        Assert.Equal(EmbeddingModelNames.AllMiniLmL6V2, options.DefaultModel);
    }

    [Fact]
    public async Task UsageCountsTheTokensTheModelRead()
    {
        var generator = _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(["Hello world", "Best movie ever!"]);

        // [CLS] hello world [SEP] (the book's four tokens) + [CLS] best movie ever ! [SEP]
        Assert.Equal(10, embeddings.Usage?.InputTokenCount);
        Assert.Equal(10, embeddings.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task DeclaredMatryoshkaSizesTruncateAndRenormaliseOthersAreRejectedByName()
    {
        var generator = _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var full = (await generator.GenerateAsync(["Matryoshka dolls nest"]))[0].Vector.ToArray();
        var cut = (await generator.GenerateAsync(["Matryoshka dolls nest"], new EmbeddingGenerationOptions { Dimensions = 128 }))[0].Vector.ToArray();

        Assert.Equal(128, cut.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(cut), 5);
        var norm = TensorPrimitives.Norm(full.AsSpan(0, 128));
        Assert.Equal(full[..128].Select(v => v / norm), cut, (a, b) => Math.Abs(a - b) < 1e-6f);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 64 }));
        Assert.Contains("'dimensions' = 64", ex.Message, StringComparison.Ordinal);
        Assert.Contains("128", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddingGeneratorProducesUnitVectorsForTheDefaultModel()
    {
        var generator = _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(384, metadata.DefaultModelDimensions);
        var embeddings = await generator.GenerateAsync(["first", "second", "third", "fourth", "fifth"]);
        Assert.Equal(5, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 4));
        Assert.Equal(EmbeddingModelNames.AllMiniLmL6V2, embeddings[0].ModelId);
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 768 }));
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "sentence-transformers/all-mpnet-base-v2" }));
        Assert.Single(await generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "all-MiniLM-L6-v2" }));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["x"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task KernelFunctionsEmbedCompareAndDescribeTokens()
    {
        var kernel = _services.GetRequiredService<Kernel>();
        var plugin = kernel.Plugins["embeddings"];
        Assert.Equal(["embed", "search_sentences", "similar_tokens", "similarity", "token_embeddings"], plugin.Select(f => f.Name).Order(StringComparer.Ordinal));

        var tokens = (await kernel.InvokeAsync(plugin["token_embeddings"], new() { ["text"] = "Hello world" })).GetValue<TokenEmbeddingsResult>()!;
        Assert.Equal(["[CLS]", "hello", "world", "[SEP]"], tokens.Tokens);
        Assert.Equal([1, 4, 384], tokens.Shape);
        Assert.All(tokens.Norms, n => Assert.True(n > 0));

        var close = (await kernel.InvokeAsync(plugin["similarity"], new() { ["first"] = "A man plays the guitar.", ["second"] = "Someone is playing a guitar." })).GetValue<SimilarityResult>()!;
        var far = (await kernel.InvokeAsync(plugin["similarity"], new() { ["first"] = "A man plays the guitar.", ["second"] = "Interest rates rose sharply." })).GetValue<SimilarityResult>()!;
        Assert.True(close.Cosine > far.Cosine + 0.3, $"{close.Cosine} vs {far.Cosine}");

        var embedded = (await kernel.InvokeAsync(plugin["embed"], new() { ["text"] = "Hello world" })).GetValue<EmbeddingResult>()!;
        Assert.Equal(384, embedded.Vector.Length);

        var similar = (await kernel.InvokeAsync(plugin["similar_tokens"], new() { ["token"] = "king", ["top"] = 3 })).GetValue<SimilarTokensResult>()!;
        Assert.Equal(3, similar.Similar.Count);
    }

    public void Dispose() => _services.Dispose();
}
