using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Plugins.Songs;

/// <summary>Finds the song data (the catalog with tags, the playlists) through the artifact resolver and loads the catalog once.</summary>
public sealed class SongLibrary
{
    private readonly IArtifactResolver _resolver;
    private readonly WordVectorsOptions _options;
    private readonly Lazy<Task<SongCatalog>> _catalog;

    /// <summary>Creates the library.</summary>
    /// <param name="resolver">Finds data set files.</param>
    /// <param name="options">Data set names and paths.</param>
    public SongLibrary(IArtifactResolver resolver, IOptions<WordVectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        _resolver = resolver;
        _options = options.Value;
        _catalog = new Lazy<Task<SongCatalog>>(LoadCatalogAsync);
    }

    /// <summary>The song catalog (<c>song_hash.txt</c> with tags).</summary>
    public Task<SongCatalog> GetCatalogAsync() => _catalog.Value;

    /// <summary>The playlist file: the configured path, else <c>train.txt</c> of the playlists data set.</summary>
    /// <param name="cancellationToken">Cancels a download.</param>
    public async Task<string> GetPlaylistsPathAsync(CancellationToken cancellationToken = default) =>
        _options.Playlists is { Length: > 0 } path
            ? path
            : await _resolver.GetFileAsync(ArtifactId.Dataset(_options.PlaylistsDataset), "train.txt", cancellationToken);

    /// <summary>Finds a song by id (digits) or by title/artist words; the best match wins.</summary>
    /// <param name="idOrQuery">E.g. <c>2172</c> or <c>fade to black metallica</c>.</param>
    /// <exception cref="KeyNotFoundException">Nothing matches.</exception>
    public async Task<Song> FindAsync(string idOrQuery)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrQuery);
        var catalog = await GetCatalogAsync();
        var text = idOrQuery.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return catalog.Get(id);
        }

        return catalog.Search(text, 1) is [var song] ? song : throw new KeyNotFoundException($"no song title or artist matches '{text}'");
    }

    private async Task<SongCatalog> LoadCatalogAsync()
    {
        var dataset = ArtifactId.Dataset(_options.SongsDataset);
        var songs = await _resolver.GetFileAsync(dataset, "song_hash.txt");
        var tags = _resolver.TryGetLocalFile(dataset, "tags.txt");
        var tagNames = _resolver.TryGetLocalFile(dataset, "tag_hash.txt");
        return await Task.Run(() => SongCatalog.Load(songs, tags, tagNames));
    }
}
