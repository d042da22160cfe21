namespace SkPlugins.WordVectors;

/// <summary>
/// Maps the names users know (gensim-data's <c>api.load</c> names and the offline slices) to an artifact and file the
/// <see cref="SkPlugins.Core.Artifacts.IArtifactResolver"/> finds in the cache, the offline mirror or, for the full files, by download.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>glove.6B.50d.10k</c></term><description>dataset <c>glove.6B.50d.10k</c>, file <c>glove.6B.50d.10k.txt</c>: the first 10,000 words of GloVe 6B 50d, GloVe text (in the offline mirror).</description></item>
/// <item><term><c>glove-wiki-gigaword-50</c> (also 100, 200, 300)</term><description>dataset <c>glove-wiki-gigaword-50</c>, file <c>glove-wiki-gigaword-50.gz</c>: gensim-data's release asset (<see cref="WordVectorCatalogEntry.SourceUrl"/>), 400,000 words, gzipped word2vec text (what the book's <c>api.load</c> fetches).</description></item>
/// <item><term><c>word2vec-google-news-300</c></term><description>dataset <c>word2vec-google-news-300</c>, file <c>word2vec-google-news-300.gz</c>: gzipped word2vec binary.</description></item>
/// </list>
/// </remarks>
public static class WordVectorCatalog
{
    private static readonly Dictionary<string, WordVectorCatalogEntry> s_entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["glove.6B.50d.10k"] = new("glove.6B.50d.10k", "glove.6B.50d.10k.txt", WordVectorFormat.GloveText),
        ["glove-wiki-gigaword-50"] = GensimData("glove-wiki-gigaword-50", WordVectorFormat.Word2VecText),
        ["glove-wiki-gigaword-100"] = GensimData("glove-wiki-gigaword-100", WordVectorFormat.Word2VecText),
        ["glove-wiki-gigaword-200"] = GensimData("glove-wiki-gigaword-200", WordVectorFormat.Word2VecText),
        ["glove-wiki-gigaword-300"] = GensimData("glove-wiki-gigaword-300", WordVectorFormat.Word2VecText),
        ["word2vec-google-news-300"] = GensimData("word2vec-google-news-300", WordVectorFormat.Word2VecBinary),
    };

    /// <summary>The default vectors for <c>glove</c> queries: the offline 10k slice, which reproduces the book's king list exactly.</summary>
    public const string DefaultName = "glove.6B.50d.10k";

    /// <summary>The known names.</summary>
    public static IReadOnlyCollection<string> Names => s_entries.Keys;

    /// <summary>Looks a name up.</summary>
    /// <param name="name">E.g. <c>glove-wiki-gigaword-50</c>.</param>
    /// <param name="entry">The artifact, file and format.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryGet(string name, out WordVectorCatalogEntry entry) => s_entries.TryGetValue(name, out entry!);

    private static WordVectorCatalogEntry GensimData(string name, WordVectorFormat format) =>
        new(name, name + ".gz", format, new Uri($"https://github.com/RaRe-Technologies/gensim-data/releases/download/{name}/{name}.gz"));
}
