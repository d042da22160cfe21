namespace SkPlugins.VectorStore.Recommend;

/// <summary>Song recommendations from the <c>songs</c> collection (for <c>skplugins songs recommend</c>).</summary>
public interface IStoreSongRecommender
{
    /// <summary>Recommends songs like <paramref name="songId"/> (and the other positives), unlike the negatives.</summary>
    /// <param name="songId">The seed song.</param>
    /// <param name="request">Negatives, strategy, artist exclusion, count.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="KeyNotFoundException">A song id is not in the collection.</exception>
    Task<StoreSongRecommendations> RecommendAsync(ulong songId, SongRecommendRequest? request = null, CancellationToken cancellationToken = default);
}
