using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using SkPlugins.Plugins.VectorStore;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>The composition root: registers every SkPlugins capability and the <see cref="Microsoft.SemanticKernel.Kernel"/> that serves them.</summary>
public static class SkPluginsServiceCollectionExtensions
{
    /// <summary>
    /// Registers artifacts, tokenizers, embedding generators, the vector store, word vectors, the local chat client,
    /// their Kernel plugins and a <see cref="Microsoft.SemanticKernel.Kernel"/> holding all of them.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (sections under <c>SkPlugins</c>).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services
            .AddSkPluginsArtifacts(configuration)
            .AddSkPluginsTokenization(configuration)
            .AddSkPluginsEmbeddings(configuration)
            .AddSkPluginsVectorStore(configuration)
            .AddKernelPlugin<VectorStorePlugin>("vector_store")
            .AddSkPluginsTextSearch(configuration)
            .AddSkPluginsWordVectors(configuration)
            .AddSkPluginsGeneration(configuration)
            .AddSkPluginsKernel();
    }
}
