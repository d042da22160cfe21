using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Telemetry;

/// <summary>Records embeddings per second and the number of embeddings of every call (<see cref="SkPluginsTelemetry"/>), then passes it on unchanged.</summary>
/// <param name="inner">The generator measured.</param>
public sealed class MeteredEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var embeddings = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var model = new KeyValuePair<string, object?>("gen_ai.request.model", embeddings.FirstOrDefault()?.ModelId);
            SkPluginsTelemetry.Embeddings.Add(embeddings.Count, model);
            if (elapsed > TimeSpan.Zero)
            {
                SkPluginsTelemetry.EmbeddingsPerSecond.Record(embeddings.Count / elapsed.TotalSeconds, model);
            }

            return embeddings;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SkPluginsTelemetry.Errors.Add(1, new("operation", "embeddings"), new("error.type", ex.GetType().Name));
            throw;
        }
    }
}
