using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the artifact resolver.</summary>
public static class ArtifactsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IArtifactResolver"/> bound to <c>SkPlugins:Artifacts</c>, <c>SkPlugins:Mirrors</c> and the HF environment variables; its downloader reports to a registered <see cref="IProgress{T}"/> of <see cref="DownloadProgressReport"/>, if any.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsArtifacts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArtifactOptions>().Configure(options => ArtifactEnvironment.Bind(options, configuration));
        services.TryAddSingleton<IArtifactDownloader>(sp => new HubDownloader(sp.GetRequiredService<IOptions<ArtifactOptions>>().Value, sp.GetService<IProgress<DownloadProgressReport>>()));
        services.TryAddSingleton<IArtifactResolver, ArtifactResolver>();
        return services;
    }
}
