using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Recommend;

/// <summary>Recommendation by example records, with Qdrant's semantics; both stores' collections implement it
/// (reach it with <see cref="VectorStoreCollectionRecommendExtensions.RecommendAsync"/>).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
public interface IVectorRecommender<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>Finds the records most like <paramref name="positive"/> and least like <paramref name="negative"/>; the examples themselves are never returned.</summary>
    /// <param name="positive">Keys of liked records (at least one).</param>
    /// <param name="negative">Keys of disliked records.</param>
    /// <param name="top">How many results.</param>
    /// <param name="options">Strategy, filter, skip, vectors, threshold.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="KeyNotFoundException">An example key is not in the collection.</exception>
    IAsyncEnumerable<VectorSearchResult<TRecord>> RecommendAsync(IReadOnlyList<TKey> positive, IReadOnlyList<TKey> negative, int top, RecommendOptions<TRecord>? options = null, CancellationToken cancellationToken = default);
}
