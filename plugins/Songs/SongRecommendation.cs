using SkPlugins.WordVectors.Playlists;

namespace SkPlugins.Plugins.Songs;

/// <summary>A recommended song.</summary>
/// <param name="Id">The song id.</param>
/// <param name="Title">The title.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Score">The similarity to the request: cosine of the song vectors, or Qdrant's <c>best_score</c>.</param>
/// <param name="Tags">Its Last.fm tags from <c>tags.txt</c> (empty when it has none or the tags file is missing).</param>
public sealed record SongRecommendation(int Id, string Title, string Artist, double Score, IReadOnlyList<string>? Tags = null)
{
    /// <summary>A catalog song with its score.</summary>
    /// <param name="song">The song.</param>
    /// <param name="score">Its score.</param>
    public static SongRecommendation From(Song song, double score) =>
        new((song ?? throw new ArgumentNullException(nameof(song))).Id, song.Title, song.Artist, score, song.Tags);
}
