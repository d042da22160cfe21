using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.Plugins.Embeddings;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Embeddings services and their Kernel plugin.</summary>
public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OnnxEmbeddingOptions"/> (section <c>SkPlugins:Embeddings</c>), the <see cref="OnnxEmbeddingModelProvider"/>
    /// (one ONNX session per model, loaded on first use), an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the default
    /// model, and the <see cref="EmbeddingPlugin"/> as Kernel plugin <c>embeddings</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OnnxEmbeddingOptions>().Bind(configuration.GetSection(OnnxEmbeddingOptions.SectionName));
        services.TryAddSingleton<OnnxEmbeddingModelProvider>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            sp.GetRequiredService<OnnxEmbeddingModelProvider>().GetGeneratorAsync().GetAwaiter().GetResult());
        services.AddKernelPlugin<EmbeddingPlugin>("embeddings");
        return services;
    }
}
