using System.ComponentModel;
using System.Numerics.Tensors;
using Microsoft.SemanticKernel;
using SkPlugins.Embeddings.Onnx;

namespace SkPlugins.Plugins.Embeddings;

/// <summary>
/// Kernel functions over local sentence-transformers models: sentence vectors, semantic similarity, contextual token
/// embeddings and static token neighbours. Semantic search over a stored collection belongs with the vector store,
/// which can take the same <see cref="OnnxEmbeddingModelProvider"/> (or the registered <c>IEmbeddingGenerator</c>).
/// </summary>
public sealed class EmbeddingPlugin
{
    private readonly OnnxEmbeddingModelProvider _models;
    private readonly Microsoft.Extensions.VectorData.VectorStore? _store;

    /// <summary>Creates the plugin.</summary>
    /// <param name="models">Loads and keeps the embedding models.</param>
    /// <param name="store">The vector store that sentence collections live in (semantic search); optional.</param>
    public EmbeddingPlugin(OnnxEmbeddingModelProvider models, Microsoft.Extensions.VectorData.VectorStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        _store = store;
    }

    /// <summary>Semantic search over a sentence collection ingested with <c>skplugins store ingest sentences</c>.</summary>
    /// <param name="query">What to look for.</param>
    /// <param name="top">How many sentences (1-50).</param>
    /// <param name="collection">The collection name.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    [KernelFunction("search_sentences")]
    [Description("Finds the stored sentences closest in meaning to a query (semantic search over a sentence collection ingested into the vector store). Returns each sentence, its source and the cosine score.")]
    public async Task<IReadOnlyList<SentenceHit>> SearchSentencesAsync(
        [Description("What to look for, in plain words.")] string query,
        [Description("How many sentences to return (1-50).")] int top = 5,
        [Description("The sentence collection; leave empty for 'sentences'.")] string? collection = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var store = _store ?? throw new InvalidOperationException("no vector store is registered");
        var name = string.IsNullOrWhiteSpace(collection) ? "sentences" : collection.Trim();
        if (!await store.CollectionExistsAsync(name, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"sentence collection '{name}' does not exist; run: skplugins store ingest sentences --file FILE");
        }

        var loaded = await _models.GetModelAsync(null, cancellationToken).ConfigureAwait(false);
        var vector = (await Task.Run(() => loaded.Embed([query], cancellationToken), cancellationToken).ConfigureAwait(false))[0];
        var sentences = store.GetCollection<Guid, SkPlugins.VectorStore.Records.SentenceRecord>(name, SkPlugins.VectorStore.Records.RecordDefinitions.Sentences(vector.Length));
        var hits = new List<SentenceHit>();
        await foreach (var hit in sentences.SearchAsync(new ReadOnlyMemory<float>(vector), Math.Clamp(top, 1, 50), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            hits.Add(new SentenceHit(hit.Record.Text, hit.Record.Source, Math.Round(hit.Score ?? 0, 6)));
        }

        return hits;
    }

    /// <summary>Embeds a text into a sentence vector.</summary>
    /// <param name="text">The text.</param>
    /// <param name="model">An embedding model (Hub repo id); empty for the default.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    [KernelFunction("embed")]
    [Description("Turns a sentence or short passage into a sentence embedding (a vector of numbers whose direction captures meaning). Use it to store or compare texts by meaning.")]
    public async Task<EmbeddingResult> EmbedAsync(
        [Description("The text to embed.")] string text,
        [Description("Embedding model, a Hugging Face repo id; leave empty for the default all-MiniLM-L6-v2.")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var loaded = await _models.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var vector = (await Task.Run(() => loaded.Embed([text], cancellationToken), cancellationToken).ConfigureAwait(false))[0];
        return new EmbeddingResult(loaded.Name, vector.Length, vector);
    }

    /// <summary>Cosine similarity of two texts' sentence vectors.</summary>
    /// <param name="first">One text.</param>
    /// <param name="second">The other text.</param>
    /// <param name="model">An embedding model; empty for the default.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    [KernelFunction("similarity")]
    [Description("Scores how similar two texts are in meaning: cosine similarity of their sentence embeddings, about 1 for paraphrases, near 0 for unrelated texts.")]
    public async Task<SimilarityResult> SimilarityAsync(
        [Description("The first text.")] string first,
        [Description("The second text.")] string second,
        [Description("Embedding model, a Hugging Face repo id; leave empty for the default.")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var loaded = await _models.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var vectors = await Task.Run(() => loaded.Embed([first, second], cancellationToken), cancellationToken).ConfigureAwait(false);
        return new SimilarityResult(loaded.Name, Math.Round(TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]), 6));
    }

    /// <summary>The tokens of a text and a summary of their contextual vectors.</summary>
    /// <param name="text">The text.</param>
    /// <param name="model">An embedding model; empty for the default.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    [KernelFunction("token_embeddings")]
    [Description("Shows how a model sees a text: its tokens (with [CLS]/[SEP]), the shape [1, tokens, dimensions] of the contextual token embeddings, and each token vector's norm.")]
    public async Task<TokenEmbeddingsResult> TokenEmbeddingsAsync(
        [Description("The text, e.g. 'Hello world'.")] string text,
        [Description("Embedding model, a Hugging Face repo id; leave empty for the default.")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var loaded = await _models.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var tokens = await Task.Run(() => loaded.GetTokenEmbeddings(text), cancellationToken).ConfigureAwait(false);
        var norms = Enumerable.Range(0, tokens.Tokens.Count).Select(i => Math.Round(TensorPrimitives.Norm(tokens.GetVector(i).Span), 4)).ToList();
        return new TokenEmbeddingsResult(loaded.Name, tokens.Tokens, tokens.Shape, norms, tokens.Truncated);
    }

    /// <summary>The nearest vocabulary tokens to a token in the static input embedding matrix.</summary>
    /// <param name="token">A single vocabulary token.</param>
    /// <param name="top">How many neighbours.</param>
    /// <param name="model">An embedding model; empty for the default.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    [KernelFunction("similar_tokens")]
    [Description("Lists the vocabulary tokens closest to a token in the model's first layer (its static token embeddings, before context is mixed in).")]
    public async Task<SimilarTokensResult> SimilarTokensAsync(
        [Description("One vocabulary token, lower case for uncased models, e.g. 'king'.")] string token,
        [Description("How many neighbours to return (1-50).")] int top = 10,
        [Description("Embedding model, a Hugging Face repo id; leave empty for the default.")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 50);
        var loaded = await _models.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var similar = await Task.Run(() => loaded.GetStaticTokenEmbeddings().MostSimilar(token, top), cancellationToken).ConfigureAwait(false);
        return new SimilarTokensResult(loaded.Name, token, similar);
    }
}
