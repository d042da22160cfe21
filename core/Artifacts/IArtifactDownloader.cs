namespace SkPlugins.Core.Artifacts;

/// <summary>Fetches an artifact file that is not available locally into the cache layout.</summary>
public interface IArtifactDownloader
{
    /// <summary>Downloads one file, resuming a partial transfer, verifying it, then moving it into the cache.</summary>
    /// <param name="artifact">The repository or data set.</param>
    /// <param name="file">The file inside it.</param>
    /// <param name="layout">Where the cache lives.</param>
    /// <param name="cancellationToken">Cancels the transfer; the partial file is kept for a later resume.</param>
    /// <returns>The full path of the complete file in the cache.</returns>
    Task<string> DownloadAsync(ArtifactId artifact, string file, ArtifactCacheLayout layout, CancellationToken cancellationToken = default);
}
