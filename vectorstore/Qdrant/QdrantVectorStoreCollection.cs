using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Qdrant.Client.Grpc;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>A collection of the <see cref="QdrantVectorStore"/>: one unnamed dense vector per point, data properties in the payload.</summary>
/// <typeparam name="TKey"><see cref="ulong"/> or <see cref="Guid"/>.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
public sealed class QdrantVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IVectorRecommender<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private const int UpsertBatch = 512;
    private readonly QdrantVectorStore _store;
    private readonly RecordCodec<TKey, TRecord> _codec;

    internal QdrantVectorStoreCollection(QdrantVectorStore store, string name, VectorStoreCollectionDefinition? definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _store = store;
        Name = name;
        _codec = new RecordCodec<TKey, TRecord>(definition);
    }

    /// <inheritdoc />
    public override string Name { get; }

    private QdrantVectorStoreOptions Options => _store.Options;

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => _store.CollectionExistsAsync(Name, cancellationToken);

    /// <inheritdoc />
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        if (await CollectionExistsAsync(cancellationToken))
        {
            return;
        }

        await Run("EnsureCollectionExists", ct => _store.Client.CreateCollectionAsync(
            Name,
            QdrantRequests.VectorParams(_codec, Options),
            shardNumber: Options.ShardNumber,
            replicationFactor: Options.ReplicationFactor,
            writeConsistencyFactor: Options.WriteConsistencyFactor,
            onDiskPayload: Options.OnDiskPayload,
            hnswConfig: QdrantRequests.Hnsw(Options),
            cancellationToken: ct), cancellationToken);
        if (Options.CreatePayloadIndexes)
        {
            foreach (var (field, schema) in QdrantRequests.PayloadIndexes(_codec))
            {
                await Run("CreatePayloadIndex", ct => _store.Client.CreatePayloadIndexAsync(Name, field, schema, cancellationToken: ct), cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => _store.EnsureCollectionDeletedAsync(Name, cancellationToken);

    /// <inheritdoc />
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var points = await Run("Get", ct => _store.Client.RetrieveAsync(Name, [QdrantPointMapper.ToPointId(key)], true, options?.IncludeVectors == true, cancellationToken: ct), cancellationToken);
        return points.Count == 0 ? null : QdrantPointMapper.FromPoint(points[0].Id, points[0].Payload, points[0].Vectors, _codec);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var qdrantFilter = QdrantFilterTranslator.Translate(filter, _codec.Model);
        var skip = options?.Skip ?? 0;
        OrderBy? orderBy = null;
        if (options?.OrderBy is { } order)
        {
            var sorts = order(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values;
            if (sorts.Count > 1)
            {
                throw new NotSupportedException("Qdrant orders by one field");
            }

            if (sorts.Count == 1)
            {
                orderBy = new OrderBy { Key = _codec.Model.GetDataOrKeyProperty(sorts[0].PropertySelector).StorageName, Direction = sorts[0].Ascending ? Direction.Asc : Direction.Desc };
            }
        }

        var response = await Run("GetByFilter", ct => _store.Client.ScrollAsync(
            Name, qdrantFilter, (uint)(top + skip), payloadSelector: true, vectorsSelector: options?.IncludeVectors == true, orderBy: orderBy, cancellationToken: ct), cancellationToken);
        foreach (var point in response.Result.Skip(skip).Take(top))
        {
            yield return QdrantPointMapper.FromPoint(point.Id, point.Payload, point.Vectors, _codec);
        }
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        var ids = keys.Select(QdrantPointMapper.ToPointId).ToList();
        return ids.Count == 0 ? Task.CompletedTask : Run("Delete", ct => _store.Client.DeleteAsync(Name, ids, wait: true, cancellationToken: ct), cancellationToken);
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    /// <inheritdoc />
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var chunk in records.Select(r => QdrantPointMapper.ToPoint(r, _codec)).Chunk(UpsertBatch))
        {
            await Run("Upsert", ct => _store.Client.UpsertAsync(Name, chunk, wait: true, cancellationToken: ct), cancellationToken);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        var vector = _codec.ToQueryVector(searchValue);
        var filter = QdrantRequests.SearchFilter(options, _codec);
        var points = await Run("Search", ct => _store.Client.QueryAsync(
            Name,
            query: vector,
            filter: filter,
            scoreThreshold: options.ScoreThreshold is { } t ? (float)t : null,
            limit: (ulong)top,
            offset: (ulong)options.Skip,
            payloadSelector: true,
            vectorsSelector: options.IncludeVectors,
            cancellationToken: ct), cancellationToken);
        foreach (var point in points)
        {
            yield return new VectorSearchResult<TRecord>(QdrantPointMapper.FromPoint(point.Id, point.Payload, point.Vectors, _codec), point.Score);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> RecommendAsync(
        IReadOnlyList<TKey> positive, IReadOnlyList<TKey> negative, int top, RecommendOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = QdrantRequests.Recommend(Name, positive, negative, top, options ?? new RecommendOptions<TRecord>(), _codec);
        var points = await Run("Recommend", ct => _store.Client.QueryAsync(
            Name,
            query: request.Query,
            filter: request.Filter,
            scoreThreshold: request.HasScoreThreshold ? request.ScoreThreshold : null,
            limit: request.Limit,
            offset: request.Offset,
            payloadSelector: request.WithPayload,
            vectorsSelector: request.WithVectors,
            cancellationToken: ct), cancellationToken);
        foreach (var point in points)
        {
            yield return new VectorSearchResult<TRecord>(QdrantPointMapper.FromPoint(point.Id, point.Payload, point.Vectors, _codec), point.Score);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = QdrantVectorStore.SystemName, VectorStoreName = Options.Endpoint, CollectionName = Name }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private Task<T> Run<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) => _store.Retry.RunAsync(operation, Name, call, cancellationToken);

    private Task Run(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) => _store.Retry.RunAsync(operation, Name, call, cancellationToken);
}
