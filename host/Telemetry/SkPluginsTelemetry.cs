using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// The service's own activity source and meter (<c>SkPlugins</c>), for what the libraries do not measure: time to first token
/// and tokens per second of local generation, embeddings per second, and vector store query latency. Instruments cost nothing
/// while no listener (OpenTelemetry SDK) subscribes.
/// </summary>
public static class SkPluginsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "SkPlugins";

    /// <summary>The activity source of vector store operations.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>The meter of the instruments below.</summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>Seconds from a streaming chat request to its first text.</summary>
    public static Histogram<double> TimeToFirstToken { get; } =
        Meter.CreateHistogram<double>("skplugins.generation.time_to_first_token", "s", "Time from a chat request to its first generated text");

    /// <summary>Output tokens per second of a chat response (its usage's output tokens over its duration).</summary>
    public static Histogram<double> TokensPerSecond { get; } =
        Meter.CreateHistogram<double>("skplugins.generation.tokens_per_second", "{token}/s", "Generated tokens per second of a chat response");

    /// <summary>Embeddings per second of one embedding call.</summary>
    public static Histogram<double> EmbeddingsPerSecond { get; } =
        Meter.CreateHistogram<double>("skplugins.embeddings.per_second", "{embedding}/s", "Embeddings per second of one embedding call");

    /// <summary>Embeddings generated.</summary>
    public static Counter<long> Embeddings { get; } =
        Meter.CreateCounter<long>("skplugins.embeddings.count", "{embedding}", "Embeddings generated");

    /// <summary>Seconds of one vector store operation (search, recommend, get, upsert, delete), by <c>db.operation.name</c>, <c>db.collection.name</c> and <c>db.system.name</c>.</summary>
    public static Histogram<double> StoreQueryDuration { get; } =
        Meter.CreateHistogram<double>("skplugins.vector_store.query.duration", "s", "Duration of one vector store operation (search, recommend, get, upsert, delete)");

    /// <summary>Failed calls, by operation and error type.</summary>
    public static Counter<long> Errors { get; } =
        Meter.CreateCounter<long>("skplugins.errors", "{error}", "Failed generation, embedding and vector store calls");
}
