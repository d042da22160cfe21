using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// A VectorData collection whose search, recommend (through <see cref="IVectorRecommender{TKey, TRecord}"/>), get, upsert and
/// delete calls are traced and timed as <see cref="StoreOperation"/>s; everything else goes straight to the inner collection.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
public sealed class TracedVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly VectorStoreCollection<TKey, TRecord> _inner;
    private readonly string _system;

    /// <summary>Wraps a collection.</summary>
    /// <param name="inner">The collection traced.</param>
    public TracedVectorStoreCollection(VectorStoreCollection<TKey, TRecord> inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _system = (inner.GetService(typeof(VectorStoreCollectionMetadata)) as VectorStoreCollectionMetadata)?.VectorStoreSystemName ?? "unknown";
    }

    /// <inheritdoc />
    public override string Name => _inner.Name;

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => _inner.CollectionExistsAsync(cancellationToken);

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => _inner.EnsureCollectionExistsAsync(cancellationToken);

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("delete_collection", Name, _system, () => _inner.EnsureCollectionDeletedAsync(cancellationToken));

    /// <inheritdoc />
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("get", Name, _system, () => _inner.GetAsync(key, options, cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        StoreOperation.EnumerateAsync("get", Name, _system, () => _inner.GetAsync(keys, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, CancellationToken cancellationToken = default) =>
        StoreOperation.EnumerateAsync("get", Name, _system, () => _inner.GetAsync(filter, top, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("delete", Name, _system, () => _inner.DeleteAsync(key, cancellationToken));

    /// <inheritdoc />
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("delete", Name, _system, () => _inner.DeleteAsync(keys, cancellationToken));

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("upsert", Name, _system, () => _inner.UpsertAsync(record, cancellationToken));

    /// <inheritdoc />
    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("upsert", Name, _system, () => _inner.UpsertAsync(records, cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, CancellationToken cancellationToken = default) =>
        StoreOperation.EnumerateAsync("search", Name, _system, () => _inner.SearchAsync(searchValue, top, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        var service = _inner.GetService(serviceType, serviceKey);
        return service is IVectorRecommender<TKey, TRecord> recommender ? new TracedRecommender(recommender, Name, _system)
            : service ?? (serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class TracedRecommender(IVectorRecommender<TKey, TRecord> inner, string collection, string system) : IVectorRecommender<TKey, TRecord>
    {
        public IAsyncEnumerable<VectorSearchResult<TRecord>> RecommendAsync(IReadOnlyList<TKey> positive, IReadOnlyList<TKey> negative, int top, RecommendOptions<TRecord>? options = null, CancellationToken cancellationToken = default) =>
            StoreOperation.EnumerateAsync("recommend", collection, system, () => inner.RecommendAsync(positive, negative, top, options, cancellationToken), cancellationToken);
    }
}
