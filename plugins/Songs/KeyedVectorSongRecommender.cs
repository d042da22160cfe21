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
    private readonly SongCatalogSource _catalog;
    private readonly WordVectorsOptions _options;

    /// <summary>Creates the recommender.</summary>
    /// <param name="source">Loads the vectors file.</param>
    /// <param name="catalog">Song titles, artists and tags.</param>
    /// <param name="options">Where the vectors are.</param>
    public KeyedVectorSongRecommender(WordVectorSource source, SongCatalogSource catalog, IOptions<WordVectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _catalog = catalog;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = await _catalog.GetCatalogAsync();
        var song = catalog.Get(request.SongId);
        if (!File.Exists(_options.SongVectors))
        {
            throw new FileNotFoundException(
                $"no song vectors yet: neither the vector store collection '{_options.SongCollection}' nor the file '{_options.SongVectors}' exists. " +
                "Run 'skplugins tour' (or 'skplugins songs train') once: it saves them there, where 'songs recommend' and 'serve' look; " +
                "or point SkPlugins:WordVectors:SongVectors at a trained file", _options.SongVectors);
        }

        var vectors = await _source.LoadAsync(_options.SongVectors, cancellationToken);
        var positive = Key(vectors, song.Id);
        var negative = request.Negative.Select(id => Key(vectors, catalog.Get(id).Id)).ToArray();

        // gensim's most_similar (3CosAdd over unit vectors); an artist filter asks for more and drops that artist's songs.
        var wanted = request.NotArtist is null ? request.Top : Math.Min(vectors.Count, request.Top * 20 + 50);
        var results = vectors.MostSimilar([positive], negative, wanted)
            .Select(r => (Id: int.Parse(r.Word, CultureInfo.InvariantCulture), r.Score))
            .Where(r => r.Id >= 0 && r.Id < catalog.Count)
            .Select(r => SongRecommendation.From(catalog.Get(r.Id), r.Score))
            .Where(r => request.NotArtist is null || !string.Equals(r.Artist, request.NotArtist, StringComparison.Ordinal))
            .Take(request.Top)
            .ToList();
        return new SongRecommendations(song, results);
    }

    private string Key(KeyedVectors vectors, int songId)
    {
        var key = songId.ToString(CultureInfo.InvariantCulture);
        return vectors.Contains(key)
            ? key
            : throw new KeyNotFoundException($"song {songId} has no vector in '{_options.SongVectors}': it does not occur in the training playlists");
    }
}
