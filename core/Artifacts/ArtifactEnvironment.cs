using Microsoft.Extensions.Configuration;

namespace SkPlugins.Core.Artifacts;

/// <summary>Reads the environment variables users know from the Hugging Face tools into <see cref="ArtifactOptions"/>.</summary>
public static class ArtifactEnvironment
{
    /// <summary>The default offline mirror, relative to the working directory.</summary>
    public const string DefaultMirror = "../shared/mirror";

    /// <summary>
    /// Applies <c>HF_HUB_CACHE</c>/<c>HF_HOME</c>, <c>HF_HUB_OFFLINE</c>, <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> and
    /// <c>SKPLUGINS_MIRRORS</c> (path-separator list); adds the default mirror when none is configured.
    /// </summary>
    /// <param name="options">The options to fill; values already set are kept.</param>
    public static void Apply(ArtifactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HubCache ??= Environment.GetEnvironmentVariable("HF_HUB_CACHE") is { Length: > 0 } c ? c
            : Environment.GetEnvironmentVariable("HF_HOME") is { Length: > 0 } h ? Path.Combine(h, "hub") : null;
        if (Environment.GetEnvironmentVariable("HF_HUB_OFFLINE") is "1" or "true" or "TRUE" or "yes")
        {
            options.Offline = true;
        }

        options.HubEndpoint ??= Environment.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } e ? e : null;
        options.HubToken ??= Environment.GetEnvironmentVariable("HF_TOKEN") is { Length: > 0 } t ? t : null;
        if (Environment.GetEnvironmentVariable("SKPLUGINS_MIRRORS") is { Length: > 0 } mirrors)
        {
            foreach (var mirror in mirrors.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!options.Mirrors.Contains(mirror))
                {
                    options.Mirrors.Add(mirror);
                }
            }
        }

        if (options.Mirrors.Count == 0)
        {
            options.Mirrors.Add(DefaultMirror);
        }
    }

    /// <summary>Binds <c>SkPlugins:Artifacts</c> and <c>SkPlugins:Mirrors</c>, then applies the environment.</summary>
    /// <param name="options">The options to fill.</param>
    /// <param name="configuration">The configuration root.</param>
    public static void Bind(ArtifactOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.GetSection(ArtifactOptions.SectionName).Bind(options);
        foreach (var mirror in configuration.GetSection("SkPlugins:Mirrors").GetChildren().Select(c => c.Value).OfType<string>())
        {
            if (!options.Mirrors.Contains(mirror))
            {
                options.Mirrors.Add(mirror);
            }
        }

        Apply(options);
    }

    /// <summary>The hub cache folder in force for these options.</summary>
    /// <param name="options">The options.</param>
    public static string HubCacheFolder(ArtifactOptions options) =>
        options.HubCache ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface", "hub");

    /// <summary>The data set cache folder in force for these options.</summary>
    /// <param name="options">The options.</param>
    public static string DatasetCacheFolder(ArtifactOptions options) =>
        options.DatasetCache ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "skplugins", "datasets");
}
