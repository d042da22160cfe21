using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.Catalog;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the tokenizer provider.</summary>
public static class TokenizationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TokenizationOptions"/> (bound to <c>SkPlugins:Tokenization</c>) and the cached
    /// <see cref="ITokenizerProvider"/>; it resolves files through the <c>IArtifactResolver</c> that <c>AddSkPluginsArtifacts</c> registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddTokenizers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TokenizationOptions>().Bind(configuration.GetSection(TokenizationOptions.SectionName));
        services.TryAddSingleton<ITokenizerProvider, TokenizerProvider>();
        return services;
    }
}
