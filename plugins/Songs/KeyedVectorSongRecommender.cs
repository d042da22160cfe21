using System.Globalization;
using Microsoft.Extensions.Options;
using SkPlugins.Embeddings.WordVectors;
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
    public async Task<SongRecommendations> RecommendAsync(int songId, IReadOnlyList<int> negativeSongIds, int topn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(negativeSongIds);
        var catalog = await _library.GetCatalogAsync();
        var song = catalog.Get(songId);
        if (!File.Exists(_options.SongVectors))
        {
            throw new FileNotFoundException(
                $"song vectors '{_options.SongVectors}' not found: train them with 'skplugins songs train --out {_options.SongVectors}' or set SkPlugins:WordVectors:SongVectors", _options.SongVectors);
        }

        var vectors = await _source.LoadAsync(_options.SongVectors, cancellationToken);
        var positive = Key(vectors, songId);
        var negative = negativeSongIds.Select(id => Key(vectors, catalog.Get(id).Id)).ToArray();
        var results = vectors.MostSimilar([positive], negative, topn)
            .Select(r => (Id: int.Parse(r.Word, CultureInfo.InvariantCulture), r.Score))
            .Where(r => r.Id >= 0 && r.Id < catalog.Count)
            .Select(r => new SongRecommendation(r.Id, catalog.Get(r.Id).Title, catalog.Get(r.Id).Artist, r.Score))
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
