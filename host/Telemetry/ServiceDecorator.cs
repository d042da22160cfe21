using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Host.Telemetry;

/// <summary>Wraps the registered implementation of a service (the last registration, the one resolved) in a decorator.</summary>
public static class ServiceDecorator
{
    /// <summary>Replaces the last registration of <typeparamref name="T"/> by <paramref name="decorate"/> applied to it, keeping its lifetime; does nothing when none is registered.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="decorate">Builds the decorator around the original instance.</param>
    public static void Decorate<T>(IServiceCollection services, Func<T, IServiceProvider, T> decorate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(T) && !d.IsKeyedService);
        if (descriptor is null)
        {
            return;
        }

        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(typeof(T), sp => decorate(Create<T>(descriptor, sp), sp), descriptor.Lifetime));
    }

    private static T Create<T>(ServiceDescriptor descriptor, IServiceProvider services) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
