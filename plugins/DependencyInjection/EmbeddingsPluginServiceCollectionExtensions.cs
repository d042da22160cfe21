using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.Plugins.Embeddings;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Embeddings services and their Kernel plugin.</summary>
public static class EmbeddingsPluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ONNX embedding models (<c>AddOnnxEmbeddings</c>) and the <see cref="EmbeddingPlugin"/> as Kernel plugin <c>embeddings</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOnnxEmbeddings(configuration);
        services.AddKernelPlugin<EmbeddingPlugin>("embeddings");
        return services;
    }
}
