using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>
/// Ranks the records of one embedded collection: search by a query vector (exact scan or the approximate index) and
/// <c>best_score</c> recommendation, with filters, exclusions, skip, score threshold, and records materialised for the results.
/// </summary>
/// <typeparam name="TKey"><see cref="ulong"/> or <see cref="Guid"/>.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
internal sealed class CollectionRanker<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly EmbeddedVectorStore _store;
    private readonly string _name;
    private readonly RecordCodec<TKey, TRecord> _codec;
    private readonly Similarity _similarity;

    public CollectionRanker(EmbeddedVectorStore store, string name, RecordCodec<TKey, TRecord> codec, Similarity similarity)
    {
        _store = store;
        _name = name;
        _codec = codec;
        _similarity = similarity;
    }

    /// <summary>
    /// The records closest to <paramref name="query"/> (prepared for the similarity), best first: through the approximate index when
    /// the mode and size call for it and no filter applies, else an exact scan with the filter and exclusions applied while ranking.
    /// </summary>
    public List<VectorSearchResult<TRecord>> ByQuery(CollectionStorage? storage, float[] query, RankRequest<TRecord> request, HashSet<UInt128>? exclude)
    {
        if (storage is null)
        {
            return [];
        }

        var predicate = Compile(request.Filter);
        var (top, skip, threshold, includeVectors) = (request.Top, request.Skip, request.ScoreThreshold, request.IncludeVectors);

        return storage.Read(state =>
        {
            var k = top + skip;
            List<(int Row, float Score)> ranked;
            if (predicate is null && UseIndex(state.Count, request.Mode)
                && _store.GetIndex(_name, state, storage.Sequence, _codec.Distance, wait: request.Mode == EmbeddedSearchMode.Approximate)?.Search(state, query, k + (exclude?.Count ?? 0)) is { } rows)
            {
                ranked = rows
                    .Where(row => exclude is null || !exclude.Contains(state.KeyAt(row)))
                    .Select(row => (row, _similarity.Score(query, state.VectorAt(row))))
                    .OrderByDescending(h => _similarity.RankKey(h.Item2)).ThenBy(h => h.row)
                    .Take(k)
                    .ToList();
            }
            else
            {
                ranked = ExactSearch.Top(_similarity, query, state, k, Accept(state, predicate, exclude))
                    .Select(h => (h.Row, _similarity.HigherIsBetter ? h.Key : -h.Key))
                    .ToList();
            }

            return Results(state, ranked, skip, threshold, includeVectors);
        });
    }

    /// <summary>Qdrant's <c>best_score</c> recommendation: each record scored by its best positive against its best negative, best first.</summary>
    public List<VectorSearchResult<TRecord>> BestScore(
        CollectionStorage storage, List<ReadOnlyMemory<float>> positives, List<ReadOnlyMemory<float>> negatives, RankRequest<TRecord> request, HashSet<UInt128> exclude)
    {
        var predicate = Compile(request.Filter);
        return storage.Read(state =>
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
            var ranked = ExactSearch.Select(scores, request.Top + request.Skip, Accept(state, predicate, exclude));
            return ranked.Skip(request.Skip)
                .Where(h => request.ScoreThreshold is not { } t || h.Key >= t)
                .Select(h => new VectorSearchResult<TRecord>(Materialize(state, h.Row, request.IncludeVectors), h.Key))
                .ToList();
        });
    }

    private Func<TRecord, bool>? Compile(Expression<Func<TRecord, bool>>? filter)
    {
        if (filter is null)
        {
            return null;
        }

        QdrantFilterTranslator.Translate(filter, _codec.Model); // refuses what Qdrant could not run, so both stores accept the same filters
        return filter.Compile();
    }

    private bool UseIndex(int count, EmbeddedSearchMode mode) => ApproximateIndex.Supports(_codec.Distance) && mode switch
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

    /// <summary>The record stored at <paramref name="row"/>, with its vector when asked.</summary>
    public TRecord Materialize(CollectionState state, int row, bool includeVectors) =>
        _codec.Create((TKey)StoredKey.To(state.KeyAt(row), _codec.KeyType), PayloadCodec.Decode(state.PayloadAt(row)), includeVectors ? state.VectorAt(row).ToArray() : null);
}
