using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// OpenTelemetry for <c>serve</c>: traces of HTTP requests (ASP.NET Core, HttpClient), kernel function calls (Semantic Kernel's
/// <c>Microsoft.SemanticKernel*</c> sources), chat and embedding calls (Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>, GenAI
/// semantic conventions) and vector store queries; metrics of the same plus <see cref="SkPluginsTelemetry"/>'s. Configured by the
/// standard <c>OTEL_*</c> variables (see <see cref="TelemetrySettings"/>); when none is set nothing is registered.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    private static readonly string[] s_sources = [SkPluginsTelemetry.Name, "Microsoft.SemanticKernel*", "Experimental.Microsoft.Extensions.AI", "Microsoft.Extensions.AI"];

    /// <summary>Registers telemetry when <see cref="TelemetrySettings.Enabled"/>; call it after every other registration, since it wraps the chat client, the embedding generator and the vector store.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>OTEL_*</c> variables.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TelemetrySettings.From(configuration);
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return services;
        }

        ServiceDecorator.Decorate<IChatClient>(services, (inner, sp) =>
            inner.AsBuilder().UseOpenTelemetry(sp.GetService<ILoggerFactory>()).Use(client => new MeteredChatClient(client)).Build(sp));
        ServiceDecorator.Decorate<IEmbeddingGenerator<string, Embedding<float>>>(services, (inner, sp) =>
            inner.AsBuilder().UseOpenTelemetry(sp.GetService<ILoggerFactory>()).Use(generator => new MeteredEmbeddingGenerator(generator)).Build(sp));
        ServiceDecorator.Decorate<Microsoft.Extensions.VectorData.VectorStore>(services, (inner, _) => new TracedVectorStore(inner));

        var telemetry = services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService("skplugins", serviceVersion: typeof(SkPluginsTelemetry).Assembly.GetName().Version?.ToString()));
        }

        telemetry.WithTracing(tracing => tracing.AddSource(s_sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(s_sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (settings.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
        });
        if (settings.Otlp)
        {
            telemetry.UseOtlpExporter(); // endpoint, protocol, headers and intervals from the OTEL_* variables
        }

        return services;
    }

    /// <summary>Maps Prometheus scraping at <c>/metrics</c> when <see cref="TelemetrySettings.Prometheus"/> is on; otherwise does nothing.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapSkPluginsTelemetry(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TelemetrySettings>() is { Prometheus: true })
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics");
        }

        return endpoints;
    }
}
