using SkPlugins.WordVectors;

namespace SkPlugins.Plugins.WordVectors;

/// <summary>Settings of the word-vector and song features, bound from configuration <c>SkPlugins:WordVectors</c>.</summary>
public sealed class WordVectorsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SkPlugins:WordVectors";

    /// <summary>
    /// The word vectors <c>similar_words</c>/<c>analogy</c> use: a file path or a <see cref="WordVectorCatalog"/> name
    /// (default <c>glove.6B.50d.10k</c>, offline; <c>glove-wiki-gigaword-50</c> is the book's full 400k-word set).
    /// </summary>
    public string Vectors { get; set; } = WordVectorCatalog.DefaultName;

    /// <summary>
    /// Where <c>tour</c> and <c>songs train</c> save the trained song vectors (word2vec text or binary, song ids as words) and where
    /// <c>songs recommend</c> and <c>serve</c> read them when the vector store has no song collection; default
    /// <see cref="DefaultSongVectorsPath"/>, beside the embedded vector store, so one command's vectors are every command's.
    /// </summary>
    public string SongVectors { get; set; } = DefaultSongVectorsPath;

    /// <summary>The default <see cref="SongVectors"/>: <c>skplugins/song-vectors.txt</c> under the user's local application data folder.</summary>
    public static string DefaultSongVectorsPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "skplugins", "song-vectors.txt");

    /// <summary>The vector store collection holding song vectors (<c>skplugins store ingest songs</c>); recommendations use it when it exists.</summary>
    public string SongCollection { get; set; } = "songs";

    /// <summary>A playlist file for <c>songs train</c>; when unset, <c>train.txt</c> of <see cref="PlaylistsDataset"/> is resolved.</summary>
    public string? Playlists { get; set; }

    /// <summary>
    /// The data set holding <c>train.txt</c>: default <see cref="DefaultPlaylistsDataset"/> (radio stations built on genre and decade
    /// tags, the offline stand-in); <c>tagmix-playlists</c> is the older stand-in, the book's is <c>yes_complete</c>.
    /// </summary>
    public string PlaylistsDataset { get; set; } = DefaultPlaylistsDataset;

    /// <summary>The default playlist data set, <c>station-playlists</c>.</summary>
    public const string DefaultPlaylistsDataset = "station-playlists";

    /// <summary>The data set holding <c>song_hash.txt</c>, <c>tags.txt</c> and <c>tag_hash.txt</c> (default <c>yes_complete</c>).</summary>
    public string SongsDataset { get; set; } = "yes_complete";
}
