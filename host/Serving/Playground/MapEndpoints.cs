using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using SkPlugins.WordVectors;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.Host.Serving.Rest;
using SkPlugins.Plugins.Songs;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Host.Serving.Playground;

/// <summary>
/// <c>POST /api/map/words</c> and <c>POST /api/map/songs</c>: 2D maps (<see cref="PrincipalComponents"/>) of a few GloVe words or
/// song vectors, for the web page's neighbourhood pictures. Bodies: <c>{"words":["king","queen"]}</c>, <c>{"songs":[2172,1234]}</c>.
/// </summary>
public static class MapEndpoints
{
    /// <summary>The most keys one map takes.</summary>
    public const int MaxKeys = 100;

    /// <summary>Maps the two routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapVectorMapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/map").WithTags("Maps");
        api.MapPost("/words", (Func<HttpContext, Task<IResult>>)WordsAsync).WithName("MapWords").WithSummary("2D PCA map of GloVe word vectors: {\"words\":[...]}")
            .Accepts<JsonElement>("application/json").Produces<VectorMap>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/songs", (Func<HttpContext, Task<IResult>>)SongsAsync).WithName("MapSongs").WithSummary("2D PCA map of song vectors: {\"songs\":[2172, ...]}")
            .Accepts<JsonElement>("application/json").Produces<VectorMap>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> WordsAsync(HttpContext http)
    {
        try
        {
            var words = await ReadKeysAsync(http, "words");
            var options = http.RequestServices.GetRequiredService<IOptions<WordVectorsOptions>>().Value;
            var vectors = await http.RequestServices.GetRequiredService<WordVectorSource>().LoadAsync(options.Vectors, http.RequestAborted);
            var resolved = words.Select(w => WordVectorPlugin.Resolve(vectors, w)).ToList();
            var rows = resolved.Select(w => vectors.GetVector(w).ToArray()).ToList();
            return Map(resolved, rows, resolved, options.Vectors);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && ExceptionClassifier.Classify(ex).Status < 500)
        {
            return ApiProblem.FromException(ex);
        }
    }

    private static async Task<IResult> SongsAsync(HttpContext http)
    {
        try
        {
            var keys = await ReadKeysAsync(http, "songs");
            var ids = keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id : throw new ArgumentException($"songs: '{k}' is not a song id")).ToList();
            var catalog = await http.RequestServices.GetRequiredService<SongCatalogSource>().GetCatalogAsync();
            var labels = ids.Select(id => $"{catalog.Get(id).Title} - {catalog.Get(id).Artist}").ToList();
            var (rows, source) = await SongVectorsAsync(http, ids);
            return Map(keys, rows, labels, source);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && ExceptionClassifier.Classify(ex).Status is < 500 or 503)
        {
            return ApiProblem.FromException(ex);
        }
    }

    /// <summary>The song vectors file when it exists (what <c>tour</c> and <c>songs train</c> save), else the store's song collection.</summary>
    private static async Task<(List<float[]> Rows, string Source)> SongVectorsAsync(HttpContext http, List<int> ids)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<WordVectorsOptions>>().Value;
        if (File.Exists(options.SongVectors))
        {
            var vectors = await http.RequestServices.GetRequiredService<WordVectorSource>().LoadAsync(options.SongVectors, http.RequestAborted);
            var rows = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).Select(key => vectors.Contains(key)
                ? vectors.GetVector(key).ToArray()
                : throw new KeyNotFoundException($"song {key} has no vector in '{options.SongVectors}': it does not occur in the training playlists")).ToList();
            return (rows, options.SongVectors);
        }

        var store = http.RequestServices.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        if (!await store.CollectionExistsAsync(options.SongCollection, http.RequestAborted))
        {
            throw new FileNotFoundException($"no song vectors yet: neither the vector store collection '{options.SongCollection}' nor the file '{options.SongVectors}' exists. Run 'skplugins tour' (or 'skplugins songs train') once.");
        }

        var collection = store.GetCollection<ulong, SongRecord>(options.SongCollection);
        var found = new Dictionary<ulong, float[]>();
        await foreach (var record in collection.GetAsync(ids.Select(id => (ulong)id), new RecordRetrievalOptions { IncludeVectors = true }, http.RequestAborted))
        {
            found[record.Id] = record.Vector.ToArray();
        }

        return ([.. ids.Select(id => found.TryGetValue((ulong)id, out var row) ? row : throw new KeyNotFoundException($"song {id} is not in the collection '{options.SongCollection}'"))], options.SongCollection);
    }

    private static IResult Map(IReadOnlyList<string> keys, List<float[]> rows, IReadOnlyList<string> labels, string source)
    {
        var (points, explained) = PrincipalComponents.Project(rows);
        return TypedResults.Json(new VectorMap([.. keys.Select((key, i) => new MapPoint(key, points[i].X, points[i].Y, labels[i]))], explained, source), ServingJson.Options);
    }

    private static async Task<List<string>> ReadKeysAsync(HttpContext http, string property)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
        using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted)
            ?? throw new ArgumentException($"the request body is empty; expected {{\"{property}\": [...]}}");
        if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"expected {{\"{property}\": [...]}}: '{property}' must be an array");
        }

        var keys = array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()!.Trim() : e.GetRawText()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return keys.Count is 0 or > MaxKeys ? throw new ArgumentException($"'{property}' must hold 1 to {MaxKeys} items, not {keys.Count}") : keys;
    }
}
