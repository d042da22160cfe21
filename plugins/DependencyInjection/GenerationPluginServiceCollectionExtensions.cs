using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SkPlugins.Generation;
using SkPlugins.Plugins.Generation;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the Generation services and their Kernel plugin.</summary>
public static class GenerationPluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers local generation (<c>AddOnnxGeneration</c>: options, model, the local <see cref="IChatClient"/>), Semantic Kernel's
    /// <see cref="IChatCompletionService"/> over that client wrapped in kernel function invocation (unless one is registered already),
    /// and the <c>generation</c> plugin.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOnnxGeneration(configuration);
        // Semantic Kernel's auto function calling runs the kernel's functions when the client returns FunctionCallContent.
        services.TryAddSingleton<IChatCompletionService>(sp => new ChatClientBuilder(sp.GetRequiredService<IChatClient>()).UseKernelFunctionInvocation().Build(sp).AsChatCompletionService(sp));
        services.AddKernelPlugin<GenerationPlugin>("generation");
        return services;
    }
}
