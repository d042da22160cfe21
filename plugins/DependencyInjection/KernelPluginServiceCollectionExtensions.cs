using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace SkPlugins.Plugins.DependencyInjection;

/// <summary>Registers the <see cref="Kernel"/> that holds every registered <see cref="KernelPlugin"/>.</summary>
public static class KernelPluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers a transient <see cref="Kernel"/> built on the container; every area adds its plugin as a singleton
    /// <see cref="KernelPlugin"/> (see <see cref="AddKernelPlugin{TPlugin}"/>), and the kernel collects them all.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsKernel(this IServiceCollection services)
    {
        services.AddTransient(sp => new Kernel(sp, new KernelPluginCollection(sp.GetServices<KernelPlugin>())));
        return services;
    }

    /// <summary>Registers <typeparamref name="TPlugin"/> as a singleton and as a <see cref="KernelPlugin"/> named <paramref name="pluginName"/>.</summary>
    /// <typeparam name="TPlugin">The class whose <see cref="KernelFunctionAttribute"/> methods become functions.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="pluginName">The plugin name tool-calling models see.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddKernelPlugin<TPlugin>(this IServiceCollection services, string pluginName)
        where TPlugin : class
    {
        services.AddSingleton<TPlugin>();
        services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<TPlugin>(), pluginName, sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        return services;
    }
}
