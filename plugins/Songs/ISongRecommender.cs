namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends songs similar to a song: the one seam between the song features (the <c>songs</c> Kernel plugin, the tour) and where song
/// vectors live. <see cref="VectorStoreSongRecommender"/> (registered by default) asks the vector store's song collection and, when that
/// collection does not exist, wraps <see cref="KeyedVectorSongRecommender"/>, which reads the trained vectors file.
/// </summary>
public interface ISongRecommender
{
    /// <summary>The songs nearest to <see cref="SongRecommendationRequest.SongId"/> as <paramref name="request"/> asks, best first.</summary>
    /// <param name="request">Seed, negatives, strategy, artist filter and how many.</param>
    /// <param name="cancellationToken">Cancels loading and the query.</param>
    /// <exception cref="ArgumentOutOfRangeException">A song id is not in the catalog.</exception>
    /// <exception cref="KeyNotFoundException">A song has no vector (it is not in the training playlists or the collection).</exception>
    Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default);
}
