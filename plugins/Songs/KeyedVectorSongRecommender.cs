using System.Globalization;
using Microsoft.Extensions.Options;
using SkPlugins.WordVectors;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends with gensim's <c>most_similar(positive=[song], negative=[…])</c> over the trained song vectors file
/// (<see cref="WordVectorsOptions.SongVectors"/>), as the book does with <c>model.wv.most_similar</c>.
/// </summary>
public sealed class KeyedVectorSongRecommender : ISongRecommender
{
    private readonly WordVectorSource _source;
    private readonly SongLibrary _library;
    private readonly WordVectorsOptions _options;

    /// <summary>Creates the recommender.</summary>
    /// <param name="source">Loads the vectors file.</param>
    /// <param name="library">Song titles and artists.</param>
    /// <param name="options">Where the vectors are.</param>
    public KeyedVectorSongRecommender(WordVectorSource source, SongLibrary library, IOptions<WordVectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _library = library;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<SongRecommendations> RecommendAsync(int songId, SongRecommendationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var catalog = await _library.GetCatalogAsync();
        var song = catalog.Get(songId);
        if (!File.Exists(_options.SongVectors))
        {
            throw new FileNotFoundException(
                $"no song vectors yet: neither the vector store collection '{_options.SongCollection}' nor the file '{_options.SongVectors}' exists. " +
                "Run 'skplugins tour' (or 'skplugins songs train') once: it saves them there, where 'songs recommend' and 'serve' look; " +
                "or point SkPlugins:WordVectors:SongVectors at a trained file", _options.SongVectors);
        }

        var vectors = await _source.LoadAsync(_options.SongVectors, cancellationToken);
        var positive = Key(vectors, songId);
        var negative = query.NegativeSongIds.Select(id => Key(vectors, catalog.Get(id).Id)).ToArray();

        // gensim's most_similar (3CosAdd over unit vectors); an artist filter asks for more and drops that artist's songs.
        var wanted = query.NotArtist is null ? query.Top : Math.Min(vectors.Count, query.Top * 20 + 50);
        var results = vectors.MostSimilar([positive], negative, wanted)
            .Select(r => (Id: int.Parse(r.Word, CultureInfo.InvariantCulture), r.Score))
            .Where(r => r.Id >= 0 && r.Id < catalog.Count)
            .Select(r => new SongRecommendation(r.Id, catalog.Get(r.Id).Title, catalog.Get(r.Id).Artist, r.Score, catalog.Get(r.Id).Tags))
            .Where(r => query.NotArtist is null || !string.Equals(r.Artist, query.NotArtist, StringComparison.Ordinal))
            .Take(query.Top)
            .ToList();
        return new SongRecommendations(SongInfo.From(song), results);
    }

    private string Key(KeyedVectors vectors, int songId)
    {
        var key = songId.ToString(CultureInfo.InvariantCulture);
        return vectors.Contains(key)
            ? key
            : throw new KeyNotFoundException($"song {songId} has no vector in '{_options.SongVectors}': it does not occur in the training playlists");
    }
}
