namespace SkPlugins.TestSupport;

/// <summary>
/// Locates the read-only <c>../shared</c> folder beside the repository (or <c>SKPLUGINS_SHARED</c>)
/// and the repository root, so tests read data in place and never copy it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding SkPlugins.sln).</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The shared folder: <c>SKPLUGINS_SHARED</c>, else <c>../shared</c> beside the repository root.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("SKPLUGINS_SHARED") is { Length: > 0 } env
            ? Path.GetFullPath(env)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The offline mirror folder (<c>shared/mirror</c>).</summary>
    public static string Mirror => Path.Combine(Root, "mirror");

    /// <summary>A path inside the shared folder.</summary>
    /// <param name="relative">Path relative to <see cref="Root"/>, e.g. <c>mirror/hf/gpt2/vocab.json</c>.</param>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>A path inside the Hub mirror: <c>mirror/hf/&lt;repo&gt;/&lt;file&gt;</c>.</summary>
    public static string HubFile(string repoId, string file) => Path.Combine(Mirror, "hf", repoId, file);

    /// <summary>A path inside the data set mirror: <c>mirror/datasets/&lt;name&gt;/&lt;file&gt;</c>.</summary>
    public static string DatasetFile(string name, string file) => Path.Combine(Mirror, "datasets", name, file);

    /// <summary>The GloVe 6B 50-d slice of 10,000 words (<c>mirror/datasets/glove.6B.50d.10k</c>), relative to <see cref="Root"/>.</summary>
    public const string GloveSlice = "mirror/datasets/glove.6B.50d.10k/glove.6B.50d.10k.txt";

    /// <summary>Returns the path of a shared file, or skips the running <c>[SkippableFact]</c> saying which file is missing.</summary>
    /// <param name="relative">Path relative to <see cref="Root"/>.</param>
    public static string Require(string relative)
    {
        var path = PathOf(relative);
        Xunit.Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"shared data '{path}' is not present (set SKPLUGINS_SHARED or place ../shared beside the repository)");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkPlugins.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SkPlugins.sln not found above {AppContext.BaseDirectory}");
    }
}
