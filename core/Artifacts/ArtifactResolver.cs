using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SkPlugins.Core.Artifacts;

/// <summary>
/// The default <see cref="IArtifactResolver"/>. Order: explicit path, Hugging Face cache, offline mirrors,
/// then a download into the cache (unless offline). Failures list every place looked at.
/// </summary>
public sealed class ArtifactResolver : IArtifactResolver
{
    private readonly ArtifactOptions _options;
    private readonly IArtifactDownloader? _downloader;
    private readonly ILogger _logger;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Where to look.</param>
    /// <param name="downloader">Fetches missing files; null means never download.</param>
    /// <param name="logger">Logs where files were found.</param>
    public ArtifactResolver(IOptions<ArtifactOptions> options, IArtifactDownloader? downloader = null, ILogger<ArtifactResolver>? logger = null)
    {
        _options = options.Value;
        _downloader = downloader;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// A resolver configured from the environment alone (<c>HF_HOME</c>, <c>HF_HUB_CACHE</c>, <c>HF_HUB_OFFLINE</c>,
    /// <c>HF_ENDPOINT</c>, <c>SKPLUGINS_MIRRORS</c>, default mirror <c>../shared/mirror</c>), for tools and tests without DI.
    /// </summary>
    /// <param name="configure">Adjusts the options before use.</param>
    public static ArtifactResolver CreateDefault(Action<ArtifactOptions>? configure = null)
    {
        var options = new ArtifactOptions();
        ArtifactEnvironment.Apply(options);
        configure?.Invoke(options);
        return new ArtifactResolver(Options.Create(options), new HubDownloader(options));
    }

    /// <inheritdoc />
    public async Task<string> GetFileAsync(ArtifactId artifact, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        file = NormalizeFile(file);
        var searched = new List<string>();
        var local = FindLocal(artifact, file, searched);
        if (local is not null)
        {
            return local;
        }

        if (IsOffline)
        {
            searched.Add("download: skipped, offline mode (HF_HUB_OFFLINE=1 or SkPlugins:Artifacts:Offline)");
            throw new ArtifactNotFoundException(artifact, file, searched);
        }

        if (_downloader is null)
        {
            searched.Add("download: no downloader configured");
            throw new ArtifactNotFoundException(artifact, file, searched);
        }

        try
        {
            var path = await _downloader.DownloadAsync(artifact, file, Layout, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Downloaded {File} of {Artifact} to {Path}", file, artifact, path);
            return path;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or NotSupportedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            searched.Add($"download: {ex.Message}");
            throw new ArtifactNotFoundException(artifact, file, searched, ex);
        }
    }

    /// <inheritdoc />
    public string? TryGetLocalFile(ArtifactId artifact, string file)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return FindLocal(artifact, NormalizeFile(file), searched: null);
    }

    /// <summary>True when downloads are off.</summary>
    public bool IsOffline => _options.Offline;

    /// <summary>The cache layout downloads are written into.</summary>
    public ArtifactCacheLayout Layout => new(ArtifactEnvironment.HubCacheFolder(_options), ArtifactEnvironment.DatasetCacheFolder(_options));

    private string? FindLocal(ArtifactId artifact, string file, List<string>? searched)
    {
        // 1. explicit path from configuration or the command line.
        foreach (var (key, isFileKey) in new[] { ($"{artifact.Name}/{file}", true), (artifact.Name, false) })
        {
            if (!_options.Paths.TryGetValue(key, out var explicitPath))
            {
                continue;
            }

            // "name/file" may point at the file itself; "name" points at a folder (or at a file of the same name).
            var candidate = Directory.Exists(explicitPath) ? Path.Combine(explicitPath, file)
                : isFileKey || Path.GetFileName(explicitPath) == Path.GetFileName(file) ? explicitPath
                : null;
            if (candidate is not null && File.Exists(candidate))
            {
                return Found(candidate, "explicit path");
            }

            searched?.Add($"explicit path {candidate ?? explicitPath}: not found");
        }

        // 2. the Hugging Face cache (models) or our data set cache.
        var layout = Layout;
        var cached = artifact.Kind == ArtifactKind.Model
            ? layout.FindInHubCache(artifact.Name, file, _options.DefaultRevision)
            : layout.DatasetPath(artifact.Name, file);
        if (cached is not null && File.Exists(cached))
        {
            return Found(cached, "cache");
        }

        searched?.Add(artifact.Kind == ArtifactKind.Model
            ? $"Hugging Face cache {layout.HubRepoFolder(artifact.Name)}: not found"
            : $"data set cache {cached}: not found");

        // 3. offline mirrors.
        foreach (var mirror in _options.Mirrors)
        {
            var root = MirrorRoot(mirror);
            var candidate = Path.Combine(root, artifact.Kind == ArtifactKind.Model ? "hf" : "datasets", artifact.Name, file);
            if (File.Exists(candidate))
            {
                return Found(candidate, "mirror");
            }

            searched?.Add($"mirror {candidate}: {(Directory.Exists(root) ? "not found" : "mirror folder missing")}");
        }

        if (_options.Mirrors.Count == 0)
        {
            searched?.Add("mirrors: none configured (SkPlugins:Mirrors or SKPLUGINS_MIRRORS)");
        }

        return null;

        string Found(string path, string where)
        {
            _logger.LogDebug("Found {File} of {Artifact} in {Where}: {Path}", file, artifact, where, path);
            return Path.GetFullPath(path);
        }
    }

    /// <summary>
    /// An absolute mirror as given; a relative one against the working directory, else against the folders above the
    /// application (so <c>../shared/mirror</c> works from the repository root and from a build output folder alike).
    /// </summary>
    private static string MirrorRoot(string mirror)
    {
        var fromWorkingDirectory = Path.GetFullPath(mirror);
        if (Path.IsPathRooted(mirror) || Directory.Exists(fromWorkingDirectory))
        {
            return fromWorkingDirectory;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, mirror));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return fromWorkingDirectory;
    }

    private static string NormalizeFile(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        file = file.Replace('\\', '/').TrimStart('/');
        if (file.Split('/').Any(part => part is ".." or "."))
        {
            throw new ArgumentException($"File path '{file}' may not contain '.' or '..' segments.", nameof(file));
        }

        return file;
    }
}
