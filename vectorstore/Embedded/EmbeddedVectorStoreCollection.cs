using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>A collection of the <see cref="EmbeddedVectorStore"/>. Cosine vectors are stored normalised (as Qdrant does),
/// so vectors read back have unit length.</summary>
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

    internal EmbeddedVectorStoreCollection(EmbeddedVectorStore store, string name, VectorStoreCollectionDefinition? definition)
    {
        _store = store;
        Name = name;
        _codec = new RecordCodec<TKey, TRecord>(definition);
        _similarity = Similarity.For(_codec.Distance);
        _schema = new CollectionSchema(
            CollectionSchema.CurrentFormat, _codec.KeyType == typeof(ulong) ? "ulong" : "guid", _codec.Dimensions, _codec.Distance,
            _codec.Data.Select(p => new SchemaField(p.StorageName, Service.FieldTypes.NameOf(p.Type), p.IsIndexed)).ToList());
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
        var record = storage?.Read(state => state.TryGetRow(StoredKey.From(key), out var row) ? Materialize(state, row, options?.IncludeVectors == true) : null);
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
                var record = Materialize(state, row, includeVectors);
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
        var hits = RankByQuery(query, top, options.Skip, options.Filter, options.ScoreThreshold, options.IncludeVectors, exclude: null);
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
            hits = RankByQuery(query, top, options.Skip, options.Filter, options.ScoreThreshold, options.IncludeVectors, exclude);
        }
        else
        {
            hits = RankBestScore(pos, neg, top, options, exclude);
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

    private List<VectorSearchResult<TRecord>> RankByQuery(
        float[] query, int top, int skip, Expression<Func<TRecord, bool>>? filter, double? threshold, bool includeVectors, HashSet<UInt128>? exclude)
    {
        var storage = Storage(create: false);
        if (storage is null)
        {
            return [];
        }

        Func<TRecord, bool>? predicate = null;
        if (filter is not null)
        {
            QdrantFilterTranslator.Translate(filter, _codec.Model);
            predicate = filter.Compile();
        }

        return storage.Read(state =>
        {
            var k = top + skip;
            List<(int Row, float Score)> ranked;
            if (predicate is null && UseIndex(state.Count))
            {
                var rows = _store.GetIndex(Name, state, _codec.Distance).Search(query, k + (exclude?.Count ?? 0));
                ranked = rows
                    .Where(row => exclude is null || !exclude.Contains(state.KeyAt(row)))
                    .Select(row => (row, _similarity.Score(query, state.VectorAt(row))))
                    .OrderByDescending(h => _similarity.RankKey(h.Item2)).ThenBy(h => h.row)
                    .Take(k)
                    .ToList();
            }
            else
            {
                var keys = ExactSearch.RankAll(_similarity, query, state);
                ranked = ExactSearch.Select(keys, k, Accept(state, predicate, exclude))
                    .Select(h => (h.Row, _similarity.HigherIsBetter ? h.Key : -h.Key))
                    .ToList();
            }

            return Results(state, ranked, skip, threshold, includeVectors);
        });
    }

    private List<VectorSearchResult<TRecord>> RankBestScore(
        List<ReadOnlyMemory<float>> positives, List<ReadOnlyMemory<float>> negatives, int top, RecommendOptions<TRecord> options, HashSet<UInt128> exclude)
    {
        Func<TRecord, bool>? predicate = null;
        if (options.Filter is not null)
        {
            QdrantFilterTranslator.Translate(options.Filter, _codec.Model);
            predicate = options.Filter.Compile();
        }

        return Storage(create: false)!.Read(state =>
        {
            var scores = ExactSearch.ScoreAll(state.Count, row =>
            {
                var vector = state.VectorAt(row);
                var bestPositive = float.NegativeInfinity;
                foreach (var p in positives)
                {
                    bestPositive = Math.Max(bestPositive, _similarity.RankKey(_similarity.Score(p.Span, vector)));
                }

                var bestNegative = float.NegativeInfinity;
                foreach (var n in negatives)
                {
                    bestNegative = Math.Max(bestNegative, _similarity.RankKey(_similarity.Score(n.Span, vector)));
                }

                return RecommendMath.BestScore(bestPositive, bestNegative);
            });
            var ranked = ExactSearch.Select(scores, top + options.Skip, Accept(state, predicate, exclude));
            return ranked.Skip(options.Skip)
                .Where(h => options.ScoreThreshold is not { } t || h.Key >= t)
                .Select(h => new VectorSearchResult<TRecord>(Materialize(state, h.Row, options.IncludeVectors), h.Key))
                .ToList();
        });
    }

    private bool UseIndex(int count) => ApproximateIndex.Supports(_codec.Distance) && SearchMode switch
    {
        EmbeddedSearchMode.Exact => false,
        EmbeddedSearchMode.Approximate => count > 0,
        _ => _store.Options.ApproximateSearchThreshold is { } threshold && count >= threshold,
    };

    private Func<int, bool>? Accept(CollectionState state, Func<TRecord, bool>? predicate, HashSet<UInt128>? exclude)
    {
        if (predicate is null && (exclude is null || exclude.Count == 0))
        {
            return null;
        }

        return row => (exclude is null || !exclude.Contains(state.KeyAt(row))) && (predicate is null || predicate(Materialize(state, row, false)));
    }

    private List<VectorSearchResult<TRecord>> Results(CollectionState state, List<(int Row, float Score)> ranked, int skip, double? threshold, bool includeVectors) => ranked
        .Skip(skip)
        .Where(h => _similarity.Passes(h.Score, threshold))
        .Select(h => new VectorSearchResult<TRecord>(Materialize(state, h.Row, includeVectors), h.Score))
        .ToList();

    private TRecord Materialize(CollectionState state, int row, bool includeVectors) =>
        _codec.Create((TKey)StoredKey.To(state.KeyAt(row), _codec.KeyType), PayloadCodec.Decode(state.PayloadAt(row)), includeVectors ? state.VectorAt(row).ToArray() : null);
}
