namespace SkPlugins.Host.Serving.Web;

/// <summary>Finds the folder holding the web page: the configured one, <c>wwwroot</c> beside the executable (published),
/// or <c>host/wwwroot</c> in the source tree above it (<c>dotnet run</c>, tests).</summary>
public static class WebRootLocator
{
    /// <summary>The web root, or <see langword="null"/> when none holds an <c>index.html</c>.</summary>
    /// <param name="configured">The configured folder (<see cref="ServeOptions.WebRoot"/>), if any.</param>
    /// <param name="baseDirectory">Where the executable lies.</param>
    public static string? Find(string? configured, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "index.html")) ? full : throw new DirectoryNotFoundException($"SkPlugins:Serve:WebRoot '{full}' holds no index.html");
        }

        var beside = Path.Combine(baseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "host", "wwwroot");
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }

        return null;
    }
}
