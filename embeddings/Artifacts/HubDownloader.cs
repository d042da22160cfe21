namespace SkPlugins.Embeddings.Artifacts;

/// <summary>Downloads Hub files and catalogued data sets into the cache layout.</summary>
public sealed class HubDownloader : IArtifactDownloader
{
    private readonly ArtifactOptions _options;

    /// <summary>Creates a downloader.</summary>
    /// <param name="options">Endpoint, token and progress settings.</param>
    public HubDownloader(ArtifactOptions options) => _options = options;

    /// <inheritdoc />
    public Task<string> DownloadAsync(ArtifactId artifact, string file, ArtifactCacheLayout layout, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"downloading is not implemented yet (endpoint {_options.HubEndpoint})");
}
