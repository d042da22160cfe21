using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.Catalog;
using SkPlugins.Plugins.Tokenization;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Tokenization services and their Kernel plugin.</summary>
public static class TokenizationPluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers the tokenizer provider (<c>AddTokenizers</c>) and the <see cref="TokenizerPlugin"/> as the kernel plugin <c>tokenizer</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsTokenization(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTokenizers(configuration);
        services.AddKernelPlugin<TokenizerPlugin>("tokenizer");
        return services;
    }
}
