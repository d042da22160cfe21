using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>A collection of the <see cref="EmbeddedVectorStore"/>: records in and out (the ranking is
/// <see cref="CollectionRanker{TKey, TRecord}"/>'s). Cosine vectors are stored normalised (as Qdrant does), so vectors read back
/// have unit length.</summary>
/// <typeparam name="TKey"><see cref="ulong"/> or <see cref="Guid"/>.</typeparam>
/// <typeparam name="TRecord">The record type, described by VectorData attributes or a definition.</typeparam>
public sealed class EmbeddedVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IVectorRecommender<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly EmbeddedVectorStore _store;
    private readonly RecordCodec<TKey, TRecord> _codec;
    private readonly Similarity _similarity;
    private readonly CollectionSchema _schema;
    private readonly CollectionRanker<TKey, TRecord> _ranker;

    internal EmbeddedVectorStoreCollection(EmbeddedVectorStore store, string name, VectorStoreCollectionDefinition? definition)
    {
        _store = store;
        Name = name;
        _codec = new RecordCodec<TKey, TRecord>(definition);
        _similarity = Similarity.For(_codec.Distance);
        _schema = new CollectionSchema(
            CollectionSchema.CurrentFormat, _codec.KeyType == typeof(ulong) ? "ulong" : "guid", _codec.Dimensions, _codec.Distance,
            _codec.Data.Select(p => new SchemaField(p.StorageName, Service.FieldTypes.NameOf(p.Type), p.IsIndexed)).ToList(),
            store.Options.ScanQuantization == ScanQuantization.Int8 && _similarity.SupportsInt8 ? CollectionSchema.Int8 : null);
        _ranker = new CollectionRanker<TKey, TRecord>(store, name, _codec, _similarity);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>Exact, approximate, or chosen by size (default).</summary>
    public EmbeddedSearchMode SearchMode { get; set; } = EmbeddedSearchMode.Auto;

    /// <summary>The number of records (0 when the collection does not exist).</summary>
    public int Count => Storage(create: false)?.Read(s => s.Count) ?? 0;

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => _store.CollectionExistsAsync(Name, cancellationToken);

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        Storage(create: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => _store.EnsureCollectionDeletedAsync(Name, cancellationToken);

    /// <inheritdoc />
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var storage = Storage(create: false);
        var record = storage?.Read(state => state.TryGetRow(StoredKey.From(key), out var row) ? _ranker.Materialize(state, row, options?.IncludeVectors == true) : null);
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        QdrantFilterTranslator.Translate(filter, _codec.Model); // the same filter language on both stores
        var predicate = filter.Compile();
        var storage = Storage(create: false);
        if (storage is null)
        {
            yield break;
        }

        var includeVectors = options?.IncludeVectors == true;
        var records = storage.Read(state =>
        {
            var matches = new List<(UInt128 Key, TRecord Record)>();
            for (var row = 0; row < state.Count; row++)
            {
                var record = _ranker.Materialize(state, row, includeVectors);
                if (predicate(record))
                {
                    matches.Add((state.KeyAt(row), record));
                }
            }

            return matches;
        });

        IEnumerable<TRecord> ordered = records.OrderBy(m => m.Key).Select(m => m.Record);
        if (options?.OrderBy is { } orderBy)
        {
            ordered = RecordOrdering.Apply(records.OrderBy(m => m.Key).Select(m => m.Record).ToList(), orderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()));
        }

        foreach (var record in ordered.Skip(options?.Skip ?? 0).Take(top))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Storage(create: false)?.Delete(keys.Select(StoredKey.From).ToList());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    /// <inheritdoc />
    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = new List<(UInt128, float[], byte[])>();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            var vector = _codec.GetVector(record);
            _similarity.Prepare(vector);
            rows.Add((StoredKey.From(_codec.GetKey(record)), vector, PayloadCodec.Encode(record, _codec.Data)));
        }

        var storage = Storage(create: false)
            ?? throw new InvalidOperationException($"collection '{Name}' does not exist; call EnsureCollectionExistsAsync first");
        storage.Upsert(rows);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        var query = _codec.ToQueryVector(searchValue);
        _similarity.Prepare(query);
        var hits = _ranker.ByQuery(Storage(create: false), query, new RankRequest<TRecord>(top, options.Skip, options.Filter, options.ScoreThreshold, options.IncludeVectors, SearchMode), exclude: null);
        foreach (var hit in hits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return hit;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> RecommendAsync(
        IReadOnlyList<TKey> positive, IReadOnlyList<TKey> negative, int top, RecommendOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (positive.Count == 0)
        {
            throw new ArgumentException("recommend needs at least one positive example", nameof(positive));
        }

        options ??= new RecommendOptions<TRecord>();
        var storage = Storage(create: false) ?? throw new InvalidOperationException($"collection '{Name}' does not exist");
        var (pos, neg) = storage.Read(state => (Examples(state, positive), Examples(state, negative)));
        var exclude = positive.Concat(negative).Select(StoredKey.From).ToHashSet();
        List<VectorSearchResult<TRecord>> hits;
        if (options.Strategy == RecommendStrategy.AverageVector)
        {
            var query = RecommendMath.AverageVector(pos, neg);
            _similarity.Prepare(query);
            hits = _ranker.ByQuery(storage, query, new RankRequest<TRecord>(top, options.Skip, options.Filter, options.ScoreThreshold, options.IncludeVectors, SearchMode), exclude);
        }
        else
        {
            hits = _ranker.BestScore(storage, pos, neg, new RankRequest<TRecord>(top, options.Skip, options.Filter, options.ScoreThreshold, options.IncludeVectors, SearchMode), exclude);
        }

        foreach (var hit in hits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return hit;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = EmbeddedVectorStore.SystemName, VectorStoreName = _store.Options.Path, CollectionName = Name }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private CollectionStorage? Storage(bool create) => _store.Open(Name, _schema, create);

    private List<ReadOnlyMemory<float>> Examples(CollectionState state, IReadOnlyList<TKey> keys) => keys
        .Select(key => state.TryGetRow(StoredKey.From(key), out var row)
            ? new ReadOnlyMemory<float>(state.VectorAt(row).ToArray())
            : throw new KeyNotFoundException($"example {key} is not in collection '{Name}'"))
        .ToList();
}
