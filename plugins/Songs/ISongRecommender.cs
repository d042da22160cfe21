namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends songs similar to a song. The seam between the song features and where song vectors live:
/// <see cref="VectorStoreSongRecommender"/> (the default) asks the vector store's <c>songs</c> collection and falls back to
/// <see cref="KeyedVectorSongRecommender"/>, which reads a trained vectors file.
/// </summary>
public interface ISongRecommender
{
    /// <summary>The songs nearest to <paramref name="songId"/> as <paramref name="query"/> asks.</summary>
    /// <param name="songId">The song.</param>
    /// <param name="query">Negatives, strategy, artist filter and count.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <exception cref="KeyNotFoundException">A song has no vector (it is not in the training playlists).</exception>
    Task<SongRecommendations> RecommendAsync(int songId, SongRecommendationQuery query, CancellationToken cancellationToken = default);
}
