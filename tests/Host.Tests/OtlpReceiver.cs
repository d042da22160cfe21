using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkPlugins.TestSupport.Protobuf;

namespace SkPlugins.Host.Tests;

/// <summary>
/// An OTLP/HTTP protobuf collector on a free 127.0.0.1 port (a real Kestrel listener at <c>/v1/traces</c> and <c>/v1/metrics</c>):
/// keeps every export and decodes the spans and metric names, with their resource's <c>service.name</c> and their scope.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base endpoint to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Content types of the exports received, by path.</summary>
    public IEnumerable<(string Path, string ContentType)> Received => _exports.Select(e => (e.Path, e.ContentType));

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async (HttpContext http, string signal) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver!._exports.Enqueue(("/v1/" + signal, http.Request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf"); // an empty Export*ServiceResponse: everything accepted
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, new Uri(address));
        return receiver;
    }

    /// <summary>Every span received (ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span).</summary>
    public List<ExportedSpan> Spans() =>
        [.. Decode("/v1/traces", (service, scope, span) =>
        {
            var fields = span.Message;
            var name = fields.Single(f => f.Number == 5).Text;
            return new ExportedSpan(service, scope, name, Attributes(fields.Where(f => f.Number == 9)));
        })];

    /// <summary>Every metric received (ExportMetricsServiceRequest → ResourceMetrics → ScopeMetrics → Metric).</summary>
    public List<ExportedMetric> Metrics() =>
        [.. Decode("/v1/metrics", (service, scope, metric) => new ExportedMetric(service, scope, metric.Message.Single(f => f.Number == 1).Text))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IEnumerable<T> Decode<T>(string path, Func<string?, string, ProtobufField, T> item)
    {
        foreach (var export in _exports.Where(e => e.Path == path))
        {
            foreach (var resourceItems in ProtobufReader.Fields(export.Body).Where(f => f.Number == 1))
            {
                var fields = resourceItems.Message;
                var resource = fields.SingleOrDefault(f => f.Number == 1);
                var service = resource is null ? null : Attributes(resource.Message.Where(f => f.Number == 1)).GetValueOrDefault("service.name");
                foreach (var scopeItems in fields.Where(f => f.Number == 2))
                {
                    var scopeFields = scopeItems.Message;
                    var scope = scopeFields.SingleOrDefault(f => f.Number == 1)?.Message.SingleOrDefault(f => f.Number == 1)?.Text ?? string.Empty;
                    foreach (var entry in scopeFields.Where(f => f.Number == 2))
                    {
                        yield return item(service, scope, entry);
                    }
                }
            }
        }
    }

    /// <summary>KeyValue (1 key, 2 AnyValue) pairs; AnyValue 1 string, 2 bool, 3 int, 4 double.</summary>
    private static Dictionary<string, string> Attributes(IEnumerable<ProtobufField> keyValues)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            var fields = keyValue.Message;
            var key = fields.Single(f => f.Number == 1).Text;
            var value = fields.SingleOrDefault(f => f.Number == 2)?.Message.FirstOrDefault();
            attributes[key] = value switch
            {
                { Number: 1 } => value.Text,
                { Number: 2 } => (value.Scalar != 0).ToString(),
                { Number: 3 } => ((long)value.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
                { Number: 4 } => BitConverter.UInt64BitsToDouble(value.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => string.Empty,
            };
        }

        return attributes;
    }
}

public sealed record ExportedSpan(string? Service, string Scope, string Name, Dictionary<string, string> Attributes);

public sealed record ExportedMetric(string? Service, string Scope, string Name);
