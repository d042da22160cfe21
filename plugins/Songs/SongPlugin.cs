using System.ComponentModel;
using Microsoft.SemanticKernel;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.VectorStore.Recommend;
using SkPlugins.WordVectors.Playlists;

namespace SkPlugins.Plugins.Songs;

/// <summary>Kernel functions over the radio-playlist songs: find a song, recommend songs like it (Word2Vec song embeddings).</summary>
public sealed class SongPlugin
{
    private readonly SongCatalogSource _catalog;
    private readonly ISongRecommender _recommender;

    /// <summary>Creates the plugin.</summary>
    /// <param name="catalog">The song catalog.</param>
    /// <param name="recommender">Recommends by song vectors.</param>
    public SongPlugin(SongCatalogSource catalog, ISongRecommender recommender)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(recommender);
        _catalog = catalog;
        _recommender = recommender;
    }

    /// <summary>Searches songs by title or artist.</summary>
    /// <param name="query">Title and/or artist words.</param>
    /// <param name="top">The most songs returned.</param>
    [KernelFunction("find_song")]
    [Description("Searches the radio song catalog (75,262 songs) by title and/or artist words, e.g. 'fade to black metallica'. Returns song ids, titles, artists and tags; use the id with recommend_songs.")]
    public async Task<IReadOnlyList<Song>> FindSongAsync(
        [Description("Words from the title and/or artist.")] string query,
        [Description("The most songs to return (1-50).")] int top = 5)
    {
        var catalog = await _catalog.GetCatalogAsync();
        return catalog.Search(query, Math.Clamp(top, 1, 50));
    }

    /// <summary>Recommends songs similar to a song.</summary>
    /// <param name="song">A song id or title/artist words.</param>
    /// <param name="negatives">Songs to steer away from.</param>
    /// <param name="top">How many.</param>
    /// <param name="not_artist">Leave out songs by this artist.</param>
    /// <param name="strategy"><c>average_vector</c> (default) or <c>best_score</c>.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("recommend_songs")]
    [Description("Recommends songs that are played in the same radio playlists as a given song (Word2Vec song embeddings, cosine similarity). The song may be an id like '2172' or title/artist words like 'California Love 2Pac'. Use not_artist to leave out songs by an artist (e.g. the seed song's own artist).")]
    public async Task<SongRecommendations> RecommendSongsAsync(
        [Description("A song id (e.g. '2172') or title/artist words.")] string song,
        [Description("Optional comma-separated song ids or titles whose style to avoid.")] string? negatives = null,
        [Description("How many songs to recommend (1-50).")] int top = 5,
        [Description("Optional artist name whose songs must not be recommended, spelled as in find_song results (e.g. 'Metallica').")] string? not_artist = null,
        [Description("How positives and negatives combine: 'average_vector' (default) or 'best_score'.")] string? strategy = null,
        CancellationToken cancellationToken = default)
    {
        var catalog = await _catalog.GetCatalogAsync();
        return await _recommender.RecommendAsync(new SongRecommendationRequest
        {
            SongId = catalog.Find(song).Id,
            Negative = [.. WordVectorPlugin.SplitWords(negatives).Select(negative => catalog.Find(negative).Id)],
            Top = Math.Clamp(top, 1, 50),
            NotArtist = string.IsNullOrWhiteSpace(not_artist) ? null : not_artist.Trim(),
            Strategy = ParseStrategy(strategy),
        }, cancellationToken);
    }

    /// <summary>Parses <c>average_vector</c> / <c>best_score</c> (null or empty: average_vector).</summary>
    /// <param name="strategy">The strategy name.</param>
    public static RecommendStrategy ParseStrategy(string? strategy) => strategy?.Trim().ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal) switch
    {
        null or "" or "average_vector" or "averagevector" => RecommendStrategy.AverageVector,
        "best_score" or "bestscore" => RecommendStrategy.BestScore,
        _ => throw new ArgumentException($"strategy '{strategy}' is not one of average_vector, best_score", nameof(strategy)),
    };
}
