using Microsoft.Extensions.Options;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends with Qdrant's recommend semantics (positive and negative examples, <c>average_vector</c> or <c>best_score</c>,
/// an artist filter) on the vector store's song collection (<c>skplugins store ingest songs</c>); when that collection does not
/// exist it falls back to the trained vectors file through <see cref="KeyedVectorSongRecommender"/>.
/// </summary>
public sealed class VectorStoreSongRecommender : ISongRecommender
{
    private readonly Microsoft.Extensions.VectorData.VectorStore _store;
    private readonly KeyedVectorSongRecommender _fallback;
    private readonly SongLibrary _library;
    private readonly string _collection;

    /// <summary>Creates the recommender.</summary>
    /// <param name="store">The configured vector store.</param>
    /// <param name="fallback">Used when the store has no song collection.</param>
    /// <param name="library">The song catalog (titles, artists, tags of the seed song).</param>
    /// <param name="options">Names the collection (<c>SkPlugins:WordVectors:SongCollection</c>).</param>
    public VectorStoreSongRecommender(Microsoft.Extensions.VectorData.VectorStore store, KeyedVectorSongRecommender fallback, SongLibrary library, IOptions<WordVectorsOptions> options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
        _library = library ?? throw new ArgumentNullException(nameof(library));
        _collection = (options ?? throw new ArgumentNullException(nameof(options))).Value.SongCollection;
    }

    /// <inheritdoc />
    public async Task<SongRecommendations> RecommendAsync(int songId, SongRecommendationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await _store.CollectionExistsAsync(_collection, cancellationToken))
        {
            return await _fallback.RecommendAsync(songId, query, cancellationToken);
        }

        var catalog = await _library.GetCatalogAsync();
        var seed = catalog.Get(songId);
        var found = await new SongRecommender(_store, _collection).RecommendAsync((ulong)songId, new SongRecommendRequest
        {
            Negative = [.. query.NegativeSongIds.Select(id => (ulong)id)],
            Strategy = query.Strategy,
            NotArtist = query.NotArtist,
            Top = query.Top,
        }, cancellationToken);
        return new SongRecommendations(
            SongInfo.From(seed),
            [.. found.Results.Select(hit => new SongRecommendation((int)hit.Id, hit.Title, hit.Artist, hit.Score ?? 0, TagsOf(catalog, (int)hit.Id)))]);
    }

    private static IReadOnlyList<string> TagsOf(SkPlugins.WordVectors.Playlists.SongCatalog catalog, int id) =>
        id >= 0 && id < catalog.Count ? catalog.Get(id).Tags : [];
}
