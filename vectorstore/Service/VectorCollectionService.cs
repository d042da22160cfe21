using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.VectorStore.Service;

/// <summary>
/// Collections as a service, for the REST API and the <c>vector_store</c> Kernel plugin: list, describe, upsert, search
/// (by vector, text, word or id), recommend and delete, on any collection of the configured
/// <see cref="Microsoft.Extensions.VectorData.VectorStore"/> (embedded or Qdrant), opened as a VectorData dynamic
/// collection from its recorded schema — so both stores behave alike. Input errors are <see cref="ArgumentException"/>
/// naming the parameter or field; a missing collection is <see cref="CollectionNotFoundException"/>.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="limits">Batch and top limits.</param>
/// <param name="embedder">Gives the generator that embeds <see cref="PointQuery.Text"/> (asked for only then); null, or returning null, when no embedding model is configured.</param>
public sealed class VectorCollectionService(
    Microsoft.Extensions.VectorData.VectorStore store, VectorServiceLimits limits, Func<IEmbeddingGenerator<string, Embedding<float>>?>? embedder = null)
{
    /// <summary>The limits.</summary>
    public VectorServiceLimits Limits { get; } = limits;

    /// <summary>Every collection, by name.</summary>
    public async Task<IReadOnlyList<CollectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<CollectionInfo>();
        await foreach (var name in store.ListCollectionNamesAsync(cancellationToken))
        {
            if (await CollectionCatalog.DescribeAsync(store, name, cancellationToken) is { } info)
            {
                list.Add(info);
            }
        }

        return list;
    }

    /// <summary>One collection.</summary>
    public async Task<CollectionInfo> DescribeAsync(string name, CancellationToken cancellationToken = default) =>
        await CollectionCatalog.DescribeAsync(store, name, cancellationToken)
        ?? throw new CollectionNotFoundException($"collection '{name}' does not exist");

    /// <summary>Upserts points (idempotent by id); creates the collection from the first batch when it does not exist
    /// (dimensions from the vectors, fields from the payloads, <paramref name="distance"/> or cosine).</summary>
    /// <returns>The collection after the upsert.</returns>
    public async Task<CollectionInfo> UpsertAsync(string name, IReadOnlyList<PointInput> points, string? distance = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        CheckBatch(points.Count, nameof(points));
        var info = await CollectionCatalog.DescribeAsync(store, name, cancellationToken) ?? NewCollection(name, points, distance);
        var collection = Open(info);
        await collection.EnsureCollectionExistsAsync(cancellationToken);
        var records = points.Select((p, i) => ToRecord(p, i, info)).ToList();
        await collection.UpsertAsync(records, cancellationToken);
        return await DescribeAsync(name, cancellationToken);
    }

    /// <summary>Deletes points by id; returns how many ids were given.</summary>
    public async Task<int> DeleteAsync(string name, IReadOnlyList<JsonElement> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        CheckBatch(ids.Count, nameof(ids));
        var info = await DescribeAsync(name, cancellationToken);
        await Open(info).DeleteAsync(ids.Select(id => Key(id, info)).ToList(), cancellationToken);
        return ids.Count;
    }

    /// <summary>Deletes a collection; false when it did not exist.</summary>
    public async Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!await store.CollectionExistsAsync(name, cancellationToken))
        {
            return false;
        }

        await store.EnsureCollectionDeletedAsync(name, cancellationToken);
        return true;
    }

    /// <summary>Searches a collection.</summary>
    public async Task<IReadOnlyList<ScoredPoint>> SearchAsync(string name, PointQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckTop(query.Top);
        var given = new object?[] { query.Vector, query.Text, query.Word, query.Id }.Count(v => v is not null);
        if (given != 1)
        {
            throw new ArgumentException("give exactly one of 'vector', 'text', 'word' or 'id'", nameof(query));
        }

        var info = await DescribeAsync(name, cancellationToken);
        var collection = Open(info);
        if (query.Word is not null || query.Id is not null)
        {
            var key = query.Id is { } id ? Key(id, info) : await WordKeyAsync(collection, info, query.Word!, cancellationToken);
            return await RecommendAsync(collection, info, [key], [], RecommendStrategy.AverageVector, query.Top, query.Filter, query.ScoreThreshold, query.WithVectors, cancellationToken);
        }

        var vector = query.Vector ?? await EmbedAsync(query.Text!, cancellationToken);
        var options = new VectorSearchOptions<Dictionary<string, object?>>
        {
            Filter = PointFilter.Build(query.Filter, info),
            ScoreThreshold = query.ScoreThreshold,
            IncludeVectors = query.WithVectors,
        };
        var results = new List<ScoredPoint>();
        await foreach (var hit in collection.SearchAsync(new ReadOnlyMemory<float>(vector), query.Top, options, cancellationToken))
        {
            results.Add(ToPoint(hit.Record, hit.Score));
        }

        return results;
    }

    /// <summary>Recommends from a collection.</summary>
    public async Task<IReadOnlyList<ScoredPoint>> RecommendAsync(string name, RecommendQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckTop(query.Top);
        if (query.Positive.Count == 0)
        {
            throw new ArgumentException("'positive' needs at least one id", nameof(query));
        }

        var strategy = query.Strategy?.ToLowerInvariant() switch
        {
            null or "average_vector" => RecommendStrategy.AverageVector,
            "best_score" => RecommendStrategy.BestScore,
            _ => throw new ArgumentException($"strategy '{query.Strategy}' is not known: use average_vector or best_score", nameof(query)),
        };
        var info = await DescribeAsync(name, cancellationToken);
        return await RecommendAsync(
            Open(info), info, query.Positive.Select(id => Key(id, info)).ToList(), (query.Negative ?? []).Select(id => Key(id, info)).ToList(),
            strategy, query.Top, query.Filter, query.ScoreThreshold, query.WithVectors, cancellationToken);
    }

    private static async Task<IReadOnlyList<ScoredPoint>> RecommendAsync(
        VectorStoreCollection<object, Dictionary<string, object?>> collection, CollectionInfo info, List<object> positive, List<object> negative,
        RecommendStrategy strategy, int top, Dictionary<string, JsonElement>? filter, double? threshold, bool withVectors, CancellationToken cancellationToken)
    {
        var options = new RecommendOptions<Dictionary<string, object?>>
        {
            Strategy = strategy,
            Filter = PointFilter.Build(filter, info),
            ScoreThreshold = threshold,
            IncludeVectors = withVectors,
        };
        var results = new List<ScoredPoint>();
        await foreach (var hit in collection.RecommendAsync(positive, negative, top, options, cancellationToken))
        {
            results.Add(ToPoint(hit.Record, hit.Score));
        }

        return results;
    }

    private static async Task<object> WordKeyAsync(VectorStoreCollection<object, Dictionary<string, object?>> collection, CollectionInfo info, string word, CancellationToken cancellationToken)
    {
        var field = info.Fields.FirstOrDefault(f => f.Key.Equals("word", StringComparison.OrdinalIgnoreCase) && f.Value == "string").Key
            ?? throw new ArgumentException($"collection '{info.Name}' has no string field 'word' to search by", nameof(word));
        var filter = PointFilter.Build(new() { [field] = JsonSerializer.SerializeToElement(word) }, info)!;
        await foreach (var record in collection.GetAsync(filter, 1, cancellationToken: cancellationToken))
        {
            return record[CollectionCatalog.KeyName]!;
        }

        throw new ArgumentException($"word '{word}' is not in collection '{info.Name}'", nameof(word));
    }

    private async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var generator = embedder?.Invoke();
        if (generator is null)
        {
            throw new InvalidOperationException("searching by 'text' needs an embedding model (SkPlugins:Embeddings); none is configured");
        }

        var embedding = await generator.GenerateAsync(text, cancellationToken: cancellationToken);
        return embedding.Vector.ToArray();
    }

    private VectorStoreCollection<object, Dictionary<string, object?>> Open(CollectionInfo info) => store.GetDynamicCollection(info.Name, CollectionCatalog.Definition(info));

    private static CollectionInfo NewCollection(string name, IReadOnlyList<PointInput> points, string? distance)
    {
        var first = (points.Count > 0 ? points[0] : null) ?? throw new ArgumentException($"collection '{name}' does not exist; upsert at least one point to create it", nameof(points));
        var dimensions = first.Vector?.Length ?? throw new ArgumentException("point 0 has no 'vector'", nameof(points));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            foreach (var (field, value) in point.Payload ?? [])
            {
                if (value.ValueKind != JsonValueKind.Null && !fields.ContainsKey(field))
                {
                    CheckFieldName(field);
                    fields[field] = FieldTypes.NameOf(FieldTypes.Infer(value, field));
                }
            }
        }

        var function = distance ?? DistanceFunction.CosineSimilarity;
        if (function is not (DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity or DistanceFunction.EuclideanDistance or DistanceFunction.ManhattanDistance))
        {
            throw new ArgumentException($"distance '{distance}' is not supported: use CosineSimilarity, DotProductSimilarity, EuclideanDistance or ManhattanDistance", nameof(distance));
        }

        return new CollectionInfo(name, 0, dimensions, function, "ulong", fields);
    }

    private static void CheckFieldName(string field)
    {
        if (field is CollectionCatalog.KeyName or CollectionCatalog.VectorName || string.IsNullOrWhiteSpace(field))
        {
            throw new ArgumentException($"payload field name '{field}' is reserved or empty", nameof(field));
        }
    }

    private static Dictionary<string, object?> ToRecord(PointInput point, int index, CollectionInfo info)
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [CollectionCatalog.KeyName] = Key(point.Id, info, $"points[{index}].id"),
            [CollectionCatalog.VectorName] = new ReadOnlyMemory<float>(point.Vector ?? throw new ArgumentException($"points[{index}] has no 'vector'", nameof(point))),
        };
        if (point.Vector.Length != info.Dimensions)
        {
            throw new ArgumentException($"points[{index}].vector has {point.Vector.Length} dimensions; collection '{info.Name}' has {info.Dimensions}", nameof(point));
        }

        foreach (var (field, value) in point.Payload ?? [])
        {
            if (!info.Fields.TryGetValue(field, out var type))
            {
                throw new ArgumentException($"points[{index}].payload.{field} is not a field of collection '{info.Name}' (fields: {string.Join(", ", info.Fields.Keys)})", nameof(point));
            }

            record[field] = FieldTypes.Convert(value, FieldTypes.TypeOf(type), $"points[{index}].payload.{field}");
        }

        return record;
    }

    private static object Key(JsonElement id, CollectionInfo info, string what = "id")
    {
        if (info.KeyType == "guid")
        {
            return id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var guid)
                ? guid
                : throw new ArgumentException($"{what} {id.GetRawText()} is not a GUID (collection '{info.Name}' has GUID ids)", nameof(id));
        }

        return id.ValueKind == JsonValueKind.Number && id.TryGetUInt64(out var number) ? number
            : id.ValueKind == JsonValueKind.String && ulong.TryParse(id.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new ArgumentException($"{what} {id.GetRawText()} is not an unsigned 64-bit integer (collection '{info.Name}' has numeric ids)", nameof(id));
    }

    private static ScoredPoint ToPoint(Dictionary<string, object?> record, double? score)
    {
        var payload = record.Where(p => p.Key is not (CollectionCatalog.KeyName or CollectionCatalog.VectorName)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var vector = record.TryGetValue(CollectionCatalog.VectorName, out var v) && v is ReadOnlyMemory<float> memory ? memory.ToArray() : null;
        return new ScoredPoint(record[CollectionCatalog.KeyName]!, score, payload, vector);
    }

    private void CheckBatch(int count, string parameter)
    {
        if (count > Limits.MaxPointsPerRequest)
        {
            throw new ArgumentException($"{count} points in one request; the limit is {Limits.MaxPointsPerRequest} (SkPlugins:VectorStore:Service:MaxPointsPerRequest): send smaller batches", parameter);
        }
    }

    private void CheckTop(int top)
    {
        if (top < 1 || top > Limits.MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, $"'top' must be between 1 and {Limits.MaxTop} (SkPlugins:VectorStore:Service:MaxTop)");
        }
    }
}
