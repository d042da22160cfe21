namespace SkPlugins.Core.Artifacts;

/// <summary>
/// Finds the files of models, tokenizers and data sets: an explicit path, the Hugging Face cache,
/// the offline mirrors, then (unless offline) a download into the cache.
/// </summary>
public interface IArtifactResolver
{
    /// <summary>Finds one file of an artifact, downloading it if needed and allowed.</summary>
    /// <param name="artifact">The repository or data set.</param>
    /// <param name="file">The file's path inside it, e.g. <c>tokenizer.json</c> or <c>cpu/genai_config.json</c>.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <returns>The full path of a local, complete file.</returns>
    /// <exception cref="ArtifactNotFoundException">The file is nowhere; the message says where it looked.</exception>
    Task<string> GetFileAsync(ArtifactId artifact, string file, CancellationToken cancellationToken = default);

    /// <summary>Finds one file locally (explicit path, cache, mirrors) without downloading.</summary>
    /// <param name="artifact">The repository or data set.</param>
    /// <param name="file">The file's path inside it.</param>
    /// <returns>The full path, or null when it is not available locally.</returns>
    string? TryGetLocalFile(ArtifactId artifact, string file);
}
