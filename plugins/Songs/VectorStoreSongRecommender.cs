using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.VectorStore.Configuration;
using SkPlugins.VectorStore.Recommend;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Recommends with Qdrant's recommend semantics (positive and negative examples, <c>average_vector</c> or <c>best_score</c>,
/// an artist filter) on the vector store's song collection of <see cref="SongRecord"/> (<c>skplugins store ingest songs</c>, the tour);
/// when that collection does not exist it falls back to the trained vectors file through <see cref="KeyedVectorSongRecommender"/>.
/// Song ids are <see cref="int"/> everywhere but the store's key, a <see cref="ulong"/>: they are converted here and only here.
/// </summary>
public sealed class VectorStoreSongRecommender : ISongRecommender
{
    private readonly Microsoft.Extensions.VectorData.VectorStore _store;
    private readonly ISongRecommender _fallback;
    private readonly SongCatalogSource _catalog;
    private readonly string _collection;

    /// <summary>Creates the recommender.</summary>
    /// <param name="store">The configured vector store.</param>
    /// <param name="fallback">Used when the store has no song collection (the trained vectors file).</param>
    /// <param name="catalog">The song catalog (the seed's title and artist, every song's tags).</param>
    /// <param name="options">Names the collection (<c>SkPlugins:WordVectors:SongCollection</c>).</param>
    public VectorStoreSongRecommender(Microsoft.Extensions.VectorData.VectorStore store, KeyedVectorSongRecommender fallback, SongCatalogSource catalog, IOptions<WordVectorsOptions> options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _collection = (options ?? throw new ArgumentNullException(nameof(options))).Value.SongCollection;
    }

    /// <inheritdoc />
    public async Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await _store.CollectionExistsAsync(_collection, cancellationToken))
        {
            return await _fallback.RecommendAsync(request, cancellationToken);
        }

        var catalog = await _catalog.GetCatalogAsync();
        var seed = catalog.Get(request.SongId);
        var negative = request.Negative.Select(id => Key(catalog.Get(id).Id)).ToList();
        var collection = await SongsAsync(cancellationToken);
        if (await collection.GetAsync(Key(seed.Id), cancellationToken: cancellationToken) is null)
        {
            throw new KeyNotFoundException($"song {seed.Id} is not in collection '{_collection}' (ingest it with: skplugins store ingest songs --vectors FILE)");
        }

        var options = new RecommendOptions<SongRecord> { Strategy = request.Strategy };
        if (request.NotArtist is { } artist)
        {
            options.Filter = s => s.Artist != artist;
        }

        var results = new List<SongRecommendation>();
        await foreach (var hit in collection.RecommendAsync([Key(seed.Id)], negative, request.Top, options, cancellationToken))
        {
            var id = checked((int)hit.Record.Id);
            results.Add(id < catalog.Count
                ? SongRecommendation.From(catalog.Get(id), hit.Score ?? 0)
                : new SongRecommendation(id, hit.Record.Title, hit.Record.Artist, hit.Score ?? 0, []));
        }

        return new SongRecommendations(seed, results);
    }

    private static ulong Key(int songId) => checked((ulong)songId);

    private async Task<VectorStoreCollection<ulong, SongRecord>> SongsAsync(CancellationToken cancellationToken)
    {
        // The dimension is whatever the ingested model had: read it from the stored collection.
        var dimensions = await CollectionDimensions.ReadAsync(_store, _collection, cancellationToken);
        return _store.GetCollection<ulong, SongRecord>(_collection, RecordDefinitions.Songs(dimensions));
    }
}
