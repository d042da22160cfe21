using System.Globalization;
using SkPlugins.WordVectors;

namespace SkPlugins.WordVectors.Playlists;

/// <summary>
/// How well song vectors group songs of a kind: the mean Jaccard overlap of Last.fm tags between a song and each of its nearest
/// songs. Random neighbours score about 0.04 on the Yes.com tags; gensim's book parameters on the tagmix playlists about 0.19.
/// </summary>
public static class SongNeighbourQuality
{
    /// <summary>Mean tag-Jaccard between sampled tagged songs and their <paramref name="neighbours"/> nearest songs (neighbours without tags count as 0).</summary>
    /// <param name="vectors">Song vectors keyed by song id.</param>
    /// <param name="catalog">Songs with tags.</param>
    /// <param name="neighbours">Neighbours per song (10).</param>
    /// <param name="sampleSize">Query songs sampled (deterministically) from the tagged songs in the vocabulary.</param>
    /// <param name="seed">The sampling seed.</param>
    public static double MeanTagJaccard(KeyedVectors vectors, SongCatalog catalog, int neighbours = 10, int sampleSize = 1000, int seed = 7) =>
        Score(vectors, catalog, sampleSize, seed, query => vectors.MostSimilar(query, neighbours).Select(s => int.Parse(s.Word, CultureInfo.InvariantCulture)));

    /// <summary>The same measure with <paramref name="neighbours"/> random songs from the vocabulary: the chance level.</summary>
    /// <param name="vectors">Song vectors keyed by song id (only their keys are used).</param>
    /// <param name="catalog">Songs with tags.</param>
    /// <param name="neighbours">Neighbours per song.</param>
    /// <param name="sampleSize">Query songs sampled.</param>
    /// <param name="seed">The sampling seed.</param>
    public static double RandomBaseline(KeyedVectors vectors, SongCatalog catalog, int neighbours = 10, int sampleSize = 1000, int seed = 7)
    {
        var random = new Random(seed + 1);
        return Score(vectors, catalog, sampleSize, seed, _ => Enumerable.Range(0, neighbours)
            .Select(_ => int.Parse(vectors.Words[random.Next(vectors.Count)], CultureInfo.InvariantCulture)));
    }

    private static double Score(KeyedVectors vectors, SongCatalog catalog, int sampleSize, int seed, Func<string, IEnumerable<int>> neighboursOf)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(catalog);
        var tagged = vectors.Words
            .Where(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id < catalog.Count && catalog.GetTagIds(id).Count > 0)
            .OrderBy(w => int.Parse(w, CultureInfo.InvariantCulture))
            .ToArray(); // ordered by id first, so two models with the same songs are scored on the same sample
        if (tagged.Length == 0)
        {
            throw new InvalidOperationException("no song in the vectors has tags");
        }

        new Random(seed).Shuffle(tagged);
        var total = 0.0;
        var pairs = 0;
        foreach (var query in tagged.Take(sampleSize))
        {
            var tags = catalog.GetTagIds(int.Parse(query, CultureInfo.InvariantCulture));
            foreach (var other in neighboursOf(query))
            {
                var otherTags = other < catalog.Count ? catalog.GetTagIds(other) : [];
                var shared = tags.Intersect(otherTags).Count();
                total += (double)shared / (tags.Count + otherTags.Count - shared);
                pairs++;
            }
        }

        return total / pairs;
    }
}
