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
    public async Task StoreOperationsOfTheCollectionRoutesArriveAsSpansAndTheLatencyMetric()
    {
        using var folder = new SkPlugins.TestSupport.TempFolder("skplugins-otel-store");
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var server = await RunningServer.StartAsync(
        [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint.ToString().TrimEnd('/')}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            $"--SkPlugins:VectorStore:Path={folder.Path}",
        ]))
        {
            var points = Enumerable.Range(1, 6).Select(i => new { id = i, vector = new[] { i, 1f, 0f } }).ToArray();
            (await server.Client.PutAsJsonAsync("api/collections/pts/points", new { points })).EnsureSuccessStatusCode();
            (await server.Client.PostAsJsonAsync("api/collections/pts/search", new { vector = new[] { 1f, 0f, 0f }, top = 3 })).EnsureSuccessStatusCode();
            (await server.Client.PostAsJsonAsync("api/collections/pts/recommend", new { positive = new[] { 6 }, top = 2 })).EnsureSuccessStatusCode();
            var delete = new HttpRequestMessage(HttpMethod.Delete, "api/collections/pts/points") { Content = JsonContent.Create(new { ids = new[] { 1 } }) };
            (await server.Client.SendAsync(delete)).EnsureSuccessStatusCode();
            (await server.Client.DeleteAsync("api/collections/pts")).EnsureSuccessStatusCode();
        }

        var store = receiver.Spans().Where(s => s.Scope == SkPluginsTelemetry.Name && s.Attributes.GetValueOrDefault("db.collection.name") == "pts").ToList();
        foreach (var operation in new[] { "upsert", "search", "recommend", "delete", "delete_collection" })
        {
            var span = store.FirstOrDefault(s => s.Attributes.GetValueOrDefault("db.operation.name") == operation);
            Assert.True(span is not null, $"no '{operation}' span among: {string.Join(", ", store.Select(s => s.Name))}");
            Assert.Equal($"{operation} pts", span.Name);
            Assert.Equal("skplugins-embedded", span.Attributes["db.system.name"]);
        }

        Assert.Equal("3", store.First(s => s.Name == "search pts").Attributes["db.response.returned_rows"]);
        Assert.Equal("2", store.First(s => s.Name == "recommend pts").Attributes["db.response.returned_rows"]);
        Assert.Contains("skplugins.vector_store.query.duration", receiver.Metrics().Select(m => m.Name));
    }

    [Fact]
    public async Task CliCommandsExportTheirStoreSpansAndFlushThemAtExit()
    {
        using var folder = new SkPlugins.TestSupport.TempFolder("skplugins-otel-cli");
        var vectors = folder.File("words.txt");
        await File.WriteAllLinesAsync(vectors, ["king 1 0 0", "queen 0.9 0.1 0", "apple 0 0 1"]);
        await using var receiver = await OtlpReceiver.StartAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code;
        using (var context = new SkPlugins.Host.CommandLine.CliContext(stdout, stderr))
        {
            context.Override(
            [
                new("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString().TrimEnd('/')),
                new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                new("OTEL_SERVICE_NAME", "skplugins-cli-test"),
            ]);
            var config = new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            code = await SkPlugins.Host.CommandLine.SkPluginsCli.BuildRootCommand(context)
                .Parse(["store", "ingest", "glove", "--vectors", vectors, "--path", Path.Combine(folder.Path, "store"), "--json"]).InvokeAsync(config);
        } // disposing the context flushes the exporters, as the CLI does at exit

        Assert.True(code == 0, stderr.ToString());
        var spans = receiver.Spans();
        Assert.Contains(spans, s => s.Name == "upsert glove");
        var upsert = spans.First(s => s.Name == "upsert glove");
        Assert.Equal("skplugins-cli-test", upsert.Service);
        Assert.Contains("skplugins.vector_store.query.duration", receiver.Metrics().Select(m => m.Name));
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
