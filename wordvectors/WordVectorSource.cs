using System.Collections.Concurrent;
using SkPlugins.Core.Artifacts;

namespace SkPlugins.WordVectors;

/// <summary>
/// Loads word vectors by file path or by catalog name (<see cref="WordVectorCatalog"/>) through the <see cref="IArtifactResolver"/>,
/// and keeps each loaded set for reuse.
/// </summary>
public sealed class WordVectorSource
{
    private readonly IArtifactResolver _resolver;
    private readonly ConcurrentDictionary<string, Lazy<Task<KeyedVectors>>> _loaded = new(StringComparer.Ordinal);

    /// <summary>Creates the source.</summary>
    /// <param name="resolver">Finds catalog files.</param>
    public WordVectorSource(IArtifactResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>Loads (once) the vectors named by <paramref name="pathOrName"/>: an existing file, or a <see cref="WordVectorCatalog"/> name.</summary>
    /// <param name="pathOrName">A file path or a name such as <c>glove-wiki-gigaword-50</c>.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <exception cref="ArgumentException">Neither a file nor a known name.</exception>
    public Task<KeyedVectors> LoadAsync(string pathOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        var lazy = _loaded.GetOrAdd(pathOrName, key => new Lazy<Task<KeyedVectors>>(() => LoadCoreAsync(key, cancellationToken)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _loaded.TryRemove(pathOrName, out _);
        }

        return task;
    }

    private async Task<KeyedVectors> LoadCoreAsync(string pathOrName, CancellationToken cancellationToken)
    {
        if (File.Exists(pathOrName))
        {
            return await Task.Run(() => WordVectorFile.Load(pathOrName), cancellationToken);
        }

        if (!WordVectorCatalog.TryGet(pathOrName, out var entry))
        {
            throw new ArgumentException(
                $"'{pathOrName}' is neither a word vector file nor a known name ({string.Join(", ", WordVectorCatalog.Names)})", nameof(pathOrName));
        }

        var path = await _resolver.GetFileAsync(entry.Artifact, entry.File, cancellationToken);
        return await Task.Run(() => WordVectorFile.Load(path, new WordVectorLoadOptions { Format = entry.Format }), cancellationToken);
    }
}
