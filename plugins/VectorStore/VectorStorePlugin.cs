using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.SemanticKernel;
using SkPlugins.VectorStore.Service;

namespace SkPlugins.Plugins.VectorStore;

/// <summary>Kernel functions over the configured vector store (embedded or Qdrant), served as MCP tools too: list the
/// collections, search one by text, word or id, and recommend from examples. The same <see cref="VectorCollectionService"/>
/// serves the REST API under <c>/api/collections</c>.</summary>
/// <param name="service">The collection service.</param>
public sealed class VectorStorePlugin(VectorCollectionService service)
{
    /// <summary>Every collection with its size, vector dimensions, distance and fields.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    [KernelFunction("list_collections")]
    [Description("Lists the vector store's collections: name, number of points, vector dimensions, distance function and data fields.")]
    public Task<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(CancellationToken cancellationToken = default) => service.ListAsync(cancellationToken);

    /// <summary>Searches a collection.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="text">A text to embed and search with.</param>
    /// <param name="word">A stored word (collections with a word field).</param>
    /// <param name="id">A stored point id.</param>
    /// <param name="top">How many results.</param>
    /// <param name="filter">A JSON object of field values the results must have.</param>
    /// <param name="cancellationToken">Cancels.</param>
    [KernelFunction("search")]
    [Description("Searches a vector store collection for the points nearest to a text (embedded with the configured model), a stored word or a stored point id. Give exactly one of text, word or id.")]
    public Task<IReadOnlyList<ScoredPoint>> SearchAsync(
        [Description("The collection name, e.g. 'glove' or 'songs'.")] string collection,
        [Description("A text to search by meaning (needs an embedding model); leave empty when giving word or id.")] string? text = null,
        [Description("A word stored in the collection, e.g. 'king'; leave empty when giving text or id.")] string? word = null,
        [Description("A stored point id; leave empty when giving text or word.")] string? id = null,
        [Description("How many results (1 to the server's limit).")] int top = 10,
        [Description("Optional JSON object of field values results must have, e.g. {\"artist\":\"Metallica\"}.")] string? filter = null,
        CancellationToken cancellationToken = default) =>
        service.SearchAsync(collection, new PointQuery
        {
            Text = NullIfEmpty(text),
            Word = NullIfEmpty(word),
            Id = NullIfEmpty(id) is { } key ? Id(key) : null,
            Top = top,
            Filter = ParseFilter(filter),
        }, cancellationToken);

    /// <summary>Recommends points like some and unlike others.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="positive">Comma-separated ids of liked points.</param>
    /// <param name="negative">Comma-separated ids of disliked points.</param>
    /// <param name="strategy">average_vector or best_score.</param>
    /// <param name="top">How many results.</param>
    /// <param name="filter">A JSON object of field values the results must have.</param>
    /// <param name="cancellationToken">Cancels.</param>
    [KernelFunction("recommend")]
    [Description("Recommends points of a vector store collection that are like the positive example ids and unlike the negative ones (Qdrant's recommend: average_vector or best_score).")]
    public Task<IReadOnlyList<ScoredPoint>> RecommendAsync(
        [Description("The collection name, e.g. 'songs'.")] string collection,
        [Description("Comma-separated ids of liked points, e.g. '2172'.")] string positive,
        [Description("Comma-separated ids of disliked points; may be empty.")] string negative = "",
        [Description("'average_vector' (default) or 'best_score'.")] string strategy = "average_vector",
        [Description("How many results (1 to the server's limit).")] int top = 10,
        [Description("Optional JSON object of field values results must have.")] string? filter = null,
        CancellationToken cancellationToken = default) =>
        service.RecommendAsync(collection, new RecommendQuery
        {
            Positive = Ids(positive),
            Negative = Ids(negative),
            Strategy = strategy,
            Top = top,
            Filter = ParseFilter(filter),
        }, cancellationToken);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static JsonElement Id(string id) => ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        ? JsonSerializer.SerializeToElement(number)
        : JsonSerializer.SerializeToElement(id);

    private static List<JsonElement> Ids(string? ids) =>
        (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Id).ToList();

    private static Dictionary<string, JsonElement>? ParseFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(filter);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"filter is not a JSON object of field values: {ex.Message}", nameof(filter), ex);
        }
    }
}
