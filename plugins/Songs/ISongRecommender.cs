namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends songs similar to a song. The seam between the song features and where song vectors live: <see cref="KeyedVectorSongRecommender"/>
/// reads a trained vectors file; a vector-store implementation (with artist filters) can replace it in the container.
/// </summary>
public interface ISongRecommender
{
    /// <summary>The <paramref name="topn"/> songs nearest to <paramref name="songId"/>, pushed away from <paramref name="negativeSongIds"/>.</summary>
    /// <param name="songId">The song.</param>
    /// <param name="negativeSongIds">Songs to steer away from (gensim's <c>negative</c>); may be empty.</param>
    /// <param name="topn">How many.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <exception cref="KeyNotFoundException">A song has no vector (it is not in the training playlists).</exception>
    Task<SongRecommendations> RecommendAsync(int songId, IReadOnlyList<int> negativeSongIds, int topn, CancellationToken cancellationToken = default);
}
