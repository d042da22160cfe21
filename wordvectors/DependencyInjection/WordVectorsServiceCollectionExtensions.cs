using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.WordVectors;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the word-vector source.</summary>
public static class WordVectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="WordVectorSource"/>, which loads word vectors by path or catalog name through the
    /// <c>IArtifactResolver</c> that <c>AddSkPluginsArtifacts</c> registers, and keeps each loaded set.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddWordVectors(this IServiceCollection services)
    {
        services.TryAddSingleton<WordVectorSource>();
        return services;
    }
}
