using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.Data;
using SkPlugins.VectorStore.Service;

namespace SkPlugins.Plugins.VectorStore;

// Semantic Kernel 1.82 marks the non-generic ITextSearch obsolete in favour of ITextSearch<TRecord>, yet its plugin factories
// (CreateWithGetTextSearchResults, CreateWithSearch, …) exist only for the non-generic interface, so that is the one to implement.
#pragma warning disable CS0618

/// <summary>
/// Semantic Kernel's text search (<see cref="ITextSearch"/>) over one collection of the configured vector store, embedded or
/// Qdrant, for retrieval-augmented prompts (<c>textSearch.CreateWithGetTextSearchResults("text_search")</c>, then
/// <c>{{text_search.GetTextSearchResults query}}</c> in a prompt). Each call looks the collection up (so one ingested after start-up
/// is found), opens it as a VectorData dynamic collection from its recorded schema, and delegates to Semantic Kernel's own
/// <see cref="VectorStoreTextSearch{TRecord}"/>, which embeds the query with the registered generator and searches. A result's value
/// is the text field, its name the source field (else the point id), its link <c>collection/id</c>.
/// </summary>
public sealed class CollectionTextSearch : ITextSearch
{
    private readonly Microsoft.Extensions.VectorData.VectorStore _store;
    private readonly Func<IEmbeddingGenerator<string, Embedding<float>>?> _embedder;
    private readonly CollectionTextSearchOptions _options;
    private (CollectionInfo Info, ITextSearch Search)? _opened;

    /// <summary>Creates the search.</summary>
    /// <param name="store">The vector store.</param>
    /// <param name="embedder">Gives the generator that embeds queries (asked for at the first search; null when none is configured).</param>
    /// <param name="options">The collection and its fields.</param>
    public CollectionTextSearch(Microsoft.Extensions.VectorData.VectorStore store, Func<IEmbeddingGenerator<string, Embedding<float>>?> embedder, CollectionTextSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _embedder = embedder;
        _options = options;
    }

    /// <summary>The collection searched.</summary>
    public string Collection => _options.Collection;

    /// <inheritdoc />
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default) =>
        await (await OpenAsync(cancellationToken).ConfigureAwait(false)).SearchAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default) =>
        await (await OpenAsync(cancellationToken).ConfigureAwait(false)).GetTextSearchResultsAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<KernelSearchResults<object>> GetSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default) =>
        await (await OpenAsync(cancellationToken).ConfigureAwait(false)).GetSearchResultsAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The passages closest in meaning to <paramref name="query"/> as prompt-ready text, one per line: <c>[n] value (name, link)</c>.
    /// Semantic Kernel's default prompt template renders a function's list result with <c>ToString()</c>, so a prompt that inlines
    /// retrieved passages (<c>{{text_search.GetPassages $question}}</c>) calls this; tool-calling models get
    /// <c>GetTextSearchResults</c>, whose list reaches them as JSON.
    /// </summary>
    /// <param name="query">What to look for.</param>
    /// <param name="top">How many passages (1 to 50).</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<string> GetPassagesAsync(
        [System.ComponentModel.Description("What to look for, in plain words.")] string query,
        [System.ComponentModel.Description("How many passages (1 to 50).")] int top = 3,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 50);
        var found = await GetTextSearchResultsAsync(query, new TextSearchOptions { Top = top }, cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        await foreach (var result in found.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            lines.Add($"[{lines.Count + 1}] {result.Value} ({result.Name}, {result.Link})");
        }

        return string.Join('\n', lines);
    }

    private async Task<ITextSearch> OpenAsync(CancellationToken cancellationToken)
    {
        var name = _options.Collection;
        var info = await CollectionCatalog.DescribeAsync(_store, name, cancellationToken).ConfigureAwait(false)
            ?? throw new CollectionNotFoundException($"text search collection '{name}' does not exist (SkPlugins:VectorStore:TextSearch:Collection); run: skplugins store ingest sentences --file FILE --collection {name}");
        if (_opened is { } opened && SameSchema(opened.Info, info))
        {
            return opened.Search;
        }

        var generator = _embedder() ?? throw new InvalidOperationException("text search needs an embedding model (SkPlugins:Embeddings); none is configured");
        var text = Field(info, _options.TextField, "text", nameof(CollectionTextSearchOptions.TextField))
            ?? throw new InvalidOperationException($"collection '{name}' has no string field 'text' (fields: {string.Join(", ", info.Fields.Keys)}); set SkPlugins:VectorStore:TextSearch:TextField");
        var label = Field(info, _options.NameField, "source", nameof(CollectionTextSearchOptions.NameField));
        var collection = _store.GetDynamicCollection(name, CollectionCatalog.Definition(info));
        var search = new VectorStoreTextSearch<Dictionary<string, object?>>(
            collection,
            generator,
            new TextSearchStringMapper(result => Value(result, text)),
            new TextSearchResultMapper(result => new TextSearchResult(Value(result, text))
            {
                Name = label is null ? Value(result, CollectionCatalog.KeyName) : Value(result, label),
                Link = $"{name}/{Value(result, CollectionCatalog.KeyName)}",
            }));
        _opened = (info, search);
        return search;
    }

    private static bool SameSchema(CollectionInfo a, CollectionInfo b) =>
        a.Dimensions == b.Dimensions && a.Distance == b.Distance && a.KeyType == b.KeyType && a.Fields.Count == b.Fields.Count && a.Fields.All(f => b.Fields.TryGetValue(f.Key, out var t) && t == f.Value);

    private static string? Field(CollectionInfo info, string? configured, string conventional, string setting)
    {
        if (configured is { Length: > 0 })
        {
            return info.Fields.TryGetValue(configured, out var type) && type == "string"
                ? configured
                : throw new InvalidOperationException($"collection '{info.Name}' has no string field '{configured}' (SkPlugins:VectorStore:TextSearch:{setting}; fields: {string.Join(", ", info.Fields.Keys)})");
        }

        return info.Fields.FirstOrDefault(f => f.Value == "string" && f.Key.Equals(conventional, StringComparison.OrdinalIgnoreCase)).Key;
    }

    private static string Value(object result, string field) =>
        result is Dictionary<string, object?> record && record.TryGetValue(field, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
}
#pragma warning restore CS0618
