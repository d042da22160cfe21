using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SkPlugins.Generation;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Tokenization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers local generation on ONNX Runtime.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GenerationOptions"/> (from <c>SkPlugins:Generation</c>), the model folder's tokenizer factory,
    /// the lazily loaded model (<see cref="GenerationModelProvider"/>) and the local <see cref="IChatClient"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddOnnxGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GenerationOptions>().Bind(configuration.GetSection("SkPlugins:Generation"));
        services.TryAddSingleton<IGenerationTokenizerFactory>(new HuggingFaceGenerationTokenizerFactory());
        services.TryAddSingleton<GenerationModelProvider>();
        services.TryAddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            return new OnnxChatClient(sp.GetRequiredService<GenerationModelProvider>(), options.MaxNewTokens, options.ModelName);
        });
        return services;
    }
}
