namespace SkPlugins.WordVectors.Playlists;

/// <summary>A song of the Yes.com playlist data set.</summary>
/// <param name="Id">The integer id used in the playlists (0 … songs − 1).</param>
/// <param name="Title">The title, with <c>\/</c> unescaped.</param>
/// <param name="Artist">The artist, with <c>\/</c> unescaped.</param>
/// <param name="Tags">Last.fm tag names (empty when the song has none).</param>
public sealed record Song(int Id, string Title, string Artist, IReadOnlyList<string> Tags);
