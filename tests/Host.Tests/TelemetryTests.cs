using System.Net.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Host.Telemetry;

namespace SkPlugins.Host.Tests;

/// <summary>
/// The real server exports OpenTelemetry traces and metrics over OTLP/HTTP protobuf to a real local listener, configured only by
/// the standard <c>OTEL_*</c> settings; without them nothing is registered.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task SpansAndMetricsOfHttpKernelFunctionsChatAndEmbeddingsArriveAtAnOtlpListener()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var server = await RunningServer.StartAsync(
        [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint.ToString().TrimEnd('/')}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_SERVICE_NAME=skplugins-otel-test",
        ]))
        {
            (await server.Client.PostAsJsonAsync("api/functions/tokenizer/tokenize", new { text = "a b" })).EnsureSuccessStatusCode();
            (await server.Client.PostAsJsonAsync("v1/embeddings", new { input = new[] { "Hello world", "king" } })).EnsureSuccessStatusCode();
            var stream = await server.Client.PostAsJsonAsync("v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } }, stream = true });
            stream.EnsureSuccessStatusCode();
            await stream.Content.ReadAsStringAsync();
        } // stopping the server flushes both providers

        Assert.All(receiver.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        var spans = receiver.Spans();
        Assert.All(spans, s => Assert.Equal("skplugins-otel-test", s.Service));
        Assert.Contains(spans, s => s.Scope == "Microsoft.AspNetCore" && s.Attributes.GetValueOrDefault("http.route") == "/api/functions/{plugin}/{function}");
        Assert.Contains(spans, s => s.Scope.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) && s.Name.Contains("tokenize", StringComparison.Ordinal));
        var embeddings = Assert.Single(spans, s => s.Attributes.GetValueOrDefault("gen_ai.operation.name") == "embeddings");
        Assert.Equal("test-embedder", embeddings.Attributes["gen_ai.request.model"]);
        var chat = Assert.Single(spans, s => s.Attributes.GetValueOrDefault("gen_ai.operation.name") == "chat");
        Assert.StartsWith("chat", chat.Name, StringComparison.Ordinal);

        var metrics = receiver.Metrics().Select(m => m.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", metrics); // request counts and errors (by status code)
        Assert.Contains("gen_ai.client.operation.duration", metrics);
        Assert.Contains("skplugins.generation.time_to_first_token", metrics);
        Assert.Contains("skplugins.embeddings.per_second", metrics);
        Assert.Contains("skplugins.embeddings.count", metrics);
    }

    [Fact]
    public async Task WithoutOtelSettingsNothingIsRegistered()
    {
        await using var server = await RunningServer.StartAsync();
        Assert.False(server.App.Services.GetRequiredService<TelemetrySettings>().Enabled);
        Assert.Null(server.App.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Null(server.App.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.Null(server.App.Services.GetRequiredService<IChatClient>().GetService<OpenTelemetryChatClient>());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Client.GetAsync("metrics")).StatusCode);
    }

    [Fact]
    public async Task PrometheusScrapingServesTheMetricsWhenAskedFor()
    {
        await using var server = await RunningServer.StartAsync(["--SkPlugins:Telemetry:Prometheus=true"]);
        (await server.Client.PostAsJsonAsync("v1/embeddings", new { input = "Hello world" })).EnsureSuccessStatusCode();
        var text = await server.Client.GetStringAsync("metrics");
        Assert.Contains("skplugins_embeddings_count", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
