using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;
using SkPlugins.Plugins.VectorStore;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers Semantic Kernel's text search over a vector store collection and its <c>text_search</c> Kernel plugin.</summary>
public static class CollectionTextSearchServiceCollectionExtensions
{
    /// <summary>The name of the Kernel plugin (functions <c>GetTextSearchResults</c> and <c>GetPassages</c>).</summary>
    public const string PluginName = "text_search";

    /// <summary>
    /// Registers <see cref="CollectionTextSearchOptions"/> (section <c>SkPlugins:VectorStore:TextSearch</c>), a
    /// <see cref="CollectionTextSearch"/> as <see cref="ITextSearch"/> over the registered vector store and embedding generator, and
    /// the Kernel plugin <c>text_search</c>: Semantic Kernel's own <c>GetTextSearchResults</c> function (what
    /// <c>CreateWithGetTextSearchResults</c> makes; tool-calling models get its results as JSON) and <c>GetPassages</c>, the same
    /// results as numbered lines, for prompts rendered by the default template engine (<c>{{text_search.GetPassages $question}}</c>).
    /// </summary>
    /// <param name="services">The service collection (the vector store must be registered too).</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsTextSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<CollectionTextSearchOptions>(configuration.GetSection("SkPlugins:VectorStore:TextSearch"));
        services.AddSingleton(sp => new CollectionTextSearch(
            sp.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>(),
            () => sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IOptions<CollectionTextSearchOptions>>().Value));
#pragma warning disable CS0618 // the non-generic ITextSearch is the one Semantic Kernel's plugin factories take (see CollectionTextSearch)
        services.AddSingleton<ITextSearch>(sp => sp.GetRequiredService<CollectionTextSearch>());
#pragma warning restore CS0618
        services.AddSingleton(sp =>
        {
            var search = sp.GetRequiredService<CollectionTextSearch>();
            return KernelPluginFactory.CreateFromFunctions(
                PluginName,
                $"Retrieval over the vector store collection '{search.Collection}': passages closest in meaning to a query.",
                [
                    search.CreateGetTextSearchResults(),
                    KernelFunctionFactory.CreateFromMethod(search.GetPassagesAsync, "GetPassages", $"The passages of collection '{search.Collection}' closest in meaning to a query, as numbered lines of text for a prompt."),
                ]);
        });
        return services;
    }
}
