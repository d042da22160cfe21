namespace SkPlugins.Core.Artifacts;

/// <summary>
/// The on-disk cache layout: the Hugging Face hub cache (<c>models--org--name/snapshots/&lt;rev&gt;/&lt;file&gt;</c>,
/// <c>refs/&lt;revision&gt;</c> holding the commit) shared with Python, and a data set cache (<c>&lt;name&gt;/&lt;file&gt;</c>).
/// </summary>
/// <param name="HubCache">The hub cache folder.</param>
/// <param name="DatasetCache">The data set cache folder.</param>
public sealed record ArtifactCacheLayout(string HubCache, string DatasetCache)
{
    /// <summary>The cache folder of one repository, e.g. <c>models--microsoft--Phi-3-mini-4k-instruct</c>.</summary>
    /// <param name="repoId">The repo id.</param>
    public string HubRepoFolder(string repoId) => Path.Combine(HubCache, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));

    /// <summary>
    /// Finds a file in the hub cache: the snapshot named by <c>refs/&lt;revision&gt;</c> first, then any snapshot holding it.
    /// </summary>
    /// <param name="repoId">The repo id.</param>
    /// <param name="file">The file inside the repository.</param>
    /// <param name="revision">The revision (branch, tag or commit).</param>
    /// <returns>The path, or null.</returns>
    public string? FindInHubCache(string repoId, string file, string revision)
    {
        var repo = HubRepoFolder(repoId);
        var snapshots = Path.Combine(repo, "snapshots");
        if (!Directory.Exists(snapshots))
        {
            return null;
        }

        var refFile = Path.Combine(repo, "refs", revision);
        var commit = File.Exists(refFile) ? File.ReadAllText(refFile).Trim() : revision;
        var preferred = Path.Combine(snapshots, commit, file);
        if (File.Exists(preferred))
        {
            return preferred;
        }

        return Directory.EnumerateDirectories(snapshots)
            .OrderByDescending(Directory.GetLastWriteTimeUtc)
            .Select(dir => Path.Combine(dir, file))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The path a data set file has in the data set cache.</summary>
    /// <param name="name">The data set name.</param>
    /// <param name="file">The file.</param>
    public string DatasetPath(string name, string file) => Path.Combine(DatasetCache, name, file);
}
