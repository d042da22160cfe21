namespace SkPlugins.Benchmarks;

/// <summary>Where the benchmarks find the repository and the read-only shared data beside it.</summary>
internal static class BenchmarkPaths
{
    /// <summary>The folder holding <c>SkPlugins.sln</c> above the benchmark's binaries, else the current folder.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkPlugins.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary><c>SKPLUGINS_SHARED</c> when set, else <c>../shared</c> beside the repository.</summary>
    public static string SharedRoot() =>
        Environment.GetEnvironmentVariable("SKPLUGINS_SHARED") is { Length: > 0 } env ? env : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));
}
