using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkPlugins.Embeddings.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ONNX embedding models.</summary>
public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OnnxEmbeddingOptions"/> (section <c>SkPlugins:Embeddings</c>), the <see cref="OnnxEmbeddingModelProvider"/>
    /// (one ONNX session per model, loaded on first use) and an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the
    /// default model (loaded when first resolved).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddOnnxEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OnnxEmbeddingOptions>().Bind(configuration.GetSection(OnnxEmbeddingOptions.SectionName));
        services.TryAddSingleton<OnnxEmbeddingModelProvider>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            sp.GetRequiredService<OnnxEmbeddingModelProvider>().GetGeneratorAsync().GetAwaiter().GetResult());
        return services;
    }
}
