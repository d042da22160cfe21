namespace SkPlugins.WordVectors.Playlists;

/// <summary>The playlists of a <c>train.txt</c> file, as the book parses them: song ids as strings, playlists of fewer than two songs dropped.</summary>
/// <param name="Playlists">Each playlist's song ids (strings, because Word2Vec treats them as words).</param>
/// <param name="SongCount">The number of songs the header lines declare.</param>
/// <param name="DroppedPlaylists">Playlist lines with fewer than two songs, dropped like the book's <c>len(s.split()) &gt; 1</c>.</param>
public sealed record PlaylistCorpus(IReadOnlyList<IReadOnlyList<string>> Playlists, int SongCount, int DroppedPlaylists)
{
    /// <summary>All plays (song occurrences) in <see cref="Playlists"/>.</summary>
    public long Plays => Playlists.Sum(p => (long)p.Count);
}
