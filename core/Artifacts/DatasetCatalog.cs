namespace SkPlugins.Core.Artifacts;

/// <summary>
/// The canonical download locations of the data sets the chapter uses, by the names users know.
/// Hub files need no catalog: their URL is <c>{HF_ENDPOINT}/{repo}/resolve/{revision}/{file}</c>.
/// </summary>
public static class DatasetCatalog
{
    private static readonly Dictionary<string, DatasetSource> s_sources = new(StringComparer.OrdinalIgnoreCase)
    {
        // gensim-data release: word2vec text format (with header), gzip-compressed, 66 MB.
        ["glove-wiki-gigaword-50"] = new("https://github.com/RaRe-Technologies/gensim-data/releases/download/glove-wiki-gigaword-50/",
            ["glove-wiki-gigaword-50.gz"]),
        // The Cornell / Yes.com radio playlists the book trains Word2Vec on.
        ["yes_complete"] = new("https://storage.googleapis.com/maps-premium/dataset/yes_complete/",
            ["train.txt", "test.txt", "song_hash.txt", "tags.txt", "tag_hash.txt"]),
    };

    /// <summary>The catalogued data set names.</summary>
    public static IReadOnlyCollection<string> Names => s_sources.Keys;

    /// <summary>Finds a data set's source.</summary>
    /// <param name="name">The data set name.</param>
    /// <param name="source">Its source when catalogued.</param>
    public static bool TryGet(string name, out DatasetSource source) => s_sources.TryGetValue(name, out source!);
}
