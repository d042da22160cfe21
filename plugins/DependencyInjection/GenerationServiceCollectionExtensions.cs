using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SkPlugins.Embeddings.Artifacts;
using SkPlugins.Plugins.Generation;
using SkPlugins.Plugins.Generation.Chat;
using SkPlugins.Plugins.Generation.Model;
using SkPlugins.Plugins.Generation.Tokenization;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Generation services and their Kernel plugin.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GenerationOptions"/> (from <c>SkPlugins:Generation</c>), the tokenizer seam, the lazily loaded model,
    /// the local <see cref="IChatClient"/>, the same client as Semantic Kernel's <see cref="IChatCompletionService"/>,
    /// and the <c>generation</c> plugin.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GenerationOptions>().Bind(configuration.GetSection("SkPlugins:Generation"));
        services.TryAddSingleton<IGenerationTokenizerFactory>(new HuggingFaceGenerationTokenizerFactory());
        services.TryAddSingleton<GenerationModelProvider>();
        services.TryAddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            return new OnnxChatClient(sp.GetRequiredService<GenerationModelProvider>(), options.MaxNewTokens, options.Model);
        });
        // Semantic Kernel's auto function calling runs the kernel's functions when the client returns FunctionCallContent.
        services.TryAddSingleton<IChatCompletionService>(sp => new ChatClientBuilder(sp.GetRequiredService<IChatClient>()).UseKernelFunctionInvocation().Build(sp).AsChatCompletionService(sp));
        services.AddKernelPlugin<GenerationPlugin>("generation");
        return services;
    }
}
