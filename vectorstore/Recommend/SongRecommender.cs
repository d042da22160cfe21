using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.VectorStore.Recommend;

/// <summary>Recommends songs from a collection of <see cref="SongRecord"/> on either store.</summary>
/// <param name="store">The configured store.</param>
/// <param name="collectionName">The collection (default <c>songs</c>).</param>
public sealed class SongRecommender(Microsoft.Extensions.VectorData.VectorStore store, string collectionName = SongRecommender.DefaultCollection) : IStoreSongRecommender
{
    /// <summary>The default collection name.</summary>
    public const string DefaultCollection = "songs";

    /// <inheritdoc />
    public async Task<StoreSongRecommendations> RecommendAsync(ulong songId, SongRecommendRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new SongRecommendRequest();
        var collection = await SongsAsync(cancellationToken);
        var seed = await collection.GetAsync(songId, cancellationToken: cancellationToken)
            ?? throw new KeyNotFoundException($"song {songId} is not in collection '{collectionName}' (ingest it with: skplugins store ingest songs --vectors FILE)");
        var options = new RecommendOptions<SongRecord> { Strategy = request.Strategy };
        if (request.NotArtist is { } artist)
        {
            options.Filter = s => s.Artist != artist;
        }

        var results = new List<SongHit>();
        await foreach (var hit in collection.RecommendAsync([songId, .. request.Positive], request.Negative, request.Top, options, cancellationToken))
        {
            results.Add(new SongHit(hit.Record.Id, hit.Record.Title, hit.Record.Artist, hit.Score));
        }

        return new StoreSongRecommendations(new SongHit(seed.Id, seed.Title, seed.Artist, null), results);
    }

    private async Task<VectorStoreCollection<ulong, SongRecord>> SongsAsync(CancellationToken cancellationToken)
    {
        if (!await store.CollectionExistsAsync(collectionName, cancellationToken))
        {
            throw new InvalidOperationException($"collection '{collectionName}' does not exist; run: skplugins store ingest songs --vectors FILE");
        }

        // The dimension is whatever the ingested model had: read it from one stored record's vector via a probe definition.
        var dimensions = await Configuration.CollectionDimensions.ReadAsync(store, collectionName, cancellationToken);
        return store.GetCollection<ulong, SongRecord>(collectionName, RecordDefinitions.Songs(dimensions));
    }
}
