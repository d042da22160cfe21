using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.Security;

/// <summary>The global limits: at most <see cref="ServeOptions.MaxConcurrentRequests"/> requests at once with a bounded queue, and optionally
/// <see cref="ServeOptions.RequestsPerSecondPerClient"/> per client address; rejected requests get 429 problem+json with <c>Retry-After</c>.</summary>
public static class RateLimitingExtensions
{
    /// <summary>Registers the limiter; enable it with <c>app.UseRateLimiter()</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServeOptions>>((limiter, serve) =>
        {
            var settings = serve.Value;
            var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = Math.Max(1, settings.MaxConcurrentRequests),
                    QueueLimit = Math.Max(0, settings.QueueLimit),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
            limiter.GlobalLimiter = settings.RequestsPerSecondPerClient > 0
                ? PartitionedRateLimiter.CreateChained(concurrency, PerClient(settings.RequestsPerSecondPerClient))
                : concurrency;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await ApiProblem.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
                        "the server is at its request limit (SkPlugins:Serve:MaxConcurrentRequests, QueueLimit, RequestsPerSecondPerClient); retry shortly")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerClient(int perSecond) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context)
            ? RateLimitPartition.GetNoLimiter("exempt")
            : RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    private static bool IsExempt(HttpContext context) => context.Request.Path.StartsWithSegments("/health");
}
