using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Recommend;

/// <summary>Recommend on any <see cref="VectorStoreCollection{TKey, TRecord}"/> of this library.</summary>
public static class VectorStoreCollectionRecommendExtensions
{
    /// <summary>Runs a recommend query through the collection's <see cref="IVectorRecommender{TKey, TRecord}"/>.</summary>
    /// <param name="collection">An embedded or Qdrant collection.</param>
    /// <param name="positive">Keys of liked records.</param>
    /// <param name="negative">Keys of disliked records.</param>
    /// <param name="top">How many results.</param>
    /// <param name="options">Strategy, filter, skip, vectors, threshold.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="NotSupportedException">The collection does not come from this library.</exception>
    public static IAsyncEnumerable<VectorSearchResult<TRecord>> RecommendAsync<TKey, TRecord>(
        this VectorStoreCollection<TKey, TRecord> collection,
        IReadOnlyList<TKey> positive,
        IReadOnlyList<TKey>? negative,
        int top,
        RecommendOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        var recommender = collection.GetService(typeof(IVectorRecommender<TKey, TRecord>)) as IVectorRecommender<TKey, TRecord>
            ?? throw new NotSupportedException($"collection '{collection.Name}' ({collection.GetType().Name}) does not support recommend");
        return recommender.RecommendAsync(positive, negative ?? [], top, options, cancellationToken);
    }
}
