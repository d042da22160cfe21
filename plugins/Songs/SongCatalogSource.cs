using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Plugins.Songs;

/// <summary>
/// Loads the one <see cref="SongCatalog"/> (<c>song_hash.txt</c> with its tags, found through the artifact resolver) once, and finds the
/// playlist file; lookups by id or words are the catalog's (<see cref="SongCatalog.Find"/>, <see cref="SongCatalog.Search"/>).
/// </summary>
public sealed class SongCatalogSource
{
    private readonly IArtifactResolver _resolver;
    private readonly WordVectorsOptions _options;
    private readonly Lazy<Task<SongCatalog>> _catalog;

    /// <summary>Creates the source.</summary>
    /// <param name="resolver">Finds data set files.</param>
    /// <param name="options">Data set names and paths.</param>
    public SongCatalogSource(IArtifactResolver resolver, IOptions<WordVectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        _resolver = resolver;
        _options = options.Value;
        _catalog = new Lazy<Task<SongCatalog>>(LoadCatalogAsync);
    }

    /// <summary>The song catalog (<c>song_hash.txt</c> with tags when <c>tags.txt</c> and <c>tag_hash.txt</c> are local), loaded on first use.</summary>
    public Task<SongCatalog> GetCatalogAsync() => _catalog.Value;

    /// <summary>The playlist file: the configured path, else <c>train.txt</c> of the playlists data set.</summary>
    /// <param name="cancellationToken">Cancels a download.</param>
    public async Task<string> GetPlaylistsPathAsync(CancellationToken cancellationToken = default) =>
        _options.Playlists is { Length: > 0 } path
            ? path
            : await _resolver.GetFileAsync(ArtifactId.Dataset(_options.PlaylistsDataset), "train.txt", cancellationToken);

    private async Task<SongCatalog> LoadCatalogAsync()
    {
        var dataset = ArtifactId.Dataset(_options.SongsDataset);
        var songs = await _resolver.GetFileAsync(dataset, "song_hash.txt");
        var tags = _resolver.TryGetLocalFile(dataset, "tags.txt");
        var tagNames = _resolver.TryGetLocalFile(dataset, "tag_hash.txt");
        return await Task.Run(() => SongCatalog.Load(songs, tags, tagNames));
    }
}
