using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkPlugins.VectorStore.Configuration;
using SkPlugins.VectorStore.Service;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the configured vector store and the collection service over it.</summary>
public static class VectorStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VectorStoreOptions"/> (section <c>SkPlugins:VectorStore</c>), the configured
    /// <see cref="Microsoft.Extensions.VectorData.VectorStore"/> (embedded by default, Qdrant when <c>Provider</c> is <c>qdrant</c>)
    /// and the <see cref="VectorCollectionService"/>
    /// (limits from <c>SkPlugins:VectorStore:Service</c>) that REST and the <c>vector_store</c> plugin share.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsVectorStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<VectorStoreOptions>(configuration.GetSection("SkPlugins:VectorStore"));
        services.AddSingleton(sp => VectorStoreFactory.Create(sp.GetRequiredService<IOptions<VectorStoreOptions>>().Value, sp.GetService<ILoggerFactory>()));
        services.Configure<VectorServiceLimits>(configuration.GetSection("SkPlugins:VectorStore:Service"));
        services.AddSingleton(sp => new VectorCollectionService(
            sp.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>(),
            sp.GetRequiredService<IOptions<VectorServiceLimits>>().Value,
            () => sp.GetService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>()));
        return services;
    }
}
