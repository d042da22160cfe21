using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Telemetry;

/// <summary>Records time to first token and tokens per second of every chat call (<see cref="SkPluginsTelemetry"/>), then passes it on unchanged.</summary>
/// <param name="inner">The chat client measured.</param>
public sealed class MeteredChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            RecordThroughput(response.Usage?.OutputTokenCount, Stopwatch.GetElapsedTime(started), response.ModelId);
            return response;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SkPluginsTelemetry.Errors.Add(1, new("operation", "chat"), new("error.type", ex.GetType().Name));
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var first = true;
        long? outputTokens = null;
        string? model = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            model ??= update.ModelId;
            if (first && !string.IsNullOrEmpty(update.Text))
            {
                first = false;
                SkPluginsTelemetry.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Model(model));
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                outputTokens = (outputTokens ?? 0) + (usage.Details.OutputTokenCount ?? 0);
            }

            yield return update;
        }

        RecordThroughput(outputTokens, Stopwatch.GetElapsedTime(started), model);
    }

    private static void RecordThroughput(long? outputTokens, TimeSpan elapsed, string? model)
    {
        if (outputTokens is > 0 && elapsed > TimeSpan.Zero)
        {
            SkPluginsTelemetry.TokensPerSecond.Record(outputTokens.Value / elapsed.TotalSeconds, Model(model));
        }
    }

    private static KeyValuePair<string, object?> Model(string? model) => new("gen_ai.response.model", model);
}
