namespace SkPlugins.Plugins.Songs;

/// <summary>A song as tools and the command line show it.</summary>
/// <param name="Id">The song id.</param>
/// <param name="Title">The title.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Tags">Last.fm tags (may be empty).</param>
public sealed record SongInfo(int Id, string Title, string Artist, IReadOnlyList<string> Tags)
{
    /// <summary>Converts a catalog song.</summary>
    /// <param name="song">The song.</param>
    public static SongInfo From(SkPlugins.WordVectors.Playlists.Song song) =>
        new((song ?? throw new ArgumentNullException(nameof(song))).Id, song.Title, song.Artist, song.Tags);
}
