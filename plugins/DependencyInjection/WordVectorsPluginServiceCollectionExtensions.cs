using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.WordVectors;
using SkPlugins.Plugins.Songs;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the word-vector and song services and their Kernel plugins.</summary>
public static class WordVectorsPluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WordVectorsOptions"/> (from <c>SkPlugins:WordVectors</c>), the word-vector source (<c>AddWordVectors</c>), the
    /// <see cref="SongCatalogSource"/>, the <see cref="ISongRecommender"/> unless one is registered already (a
    /// <see cref="VectorStoreSongRecommender"/> over the store's song collection, falling back to the trained vectors file, when a vector
    /// store is registered; else the <see cref="KeyedVectorSongRecommender"/> over that file alone), and the Kernel plugins <c>word_vectors</c> (<see cref="WordVectorPlugin"/>) and <c>songs</c> (<see cref="SongPlugin"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsWordVectors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WordVectorsOptions>().Bind(configuration.GetSection(WordVectorsOptions.SectionName));
        services.AddWordVectors();
        services.TryAddSingleton<SongCatalogSource>();
        services.TryAddSingleton<KeyedVectorSongRecommender>();
        services.TryAddSingleton<ISongRecommender>(sp => sp.GetService<Microsoft.Extensions.VectorData.VectorStore>() is { } store
            ? ActivatorUtilities.CreateInstance<VectorStoreSongRecommender>(sp, store)
            : sp.GetRequiredService<KeyedVectorSongRecommender>());
        services.AddKernelPlugin<WordVectorPlugin>("word_vectors");
        services.AddKernelPlugin<SongPlugin>("songs");
        return services;
    }
}
