using System.Diagnostics;
using SkPlugins.Plugins.Songs;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// Traces and times every song recommendation of the <see cref="ISongRecommender"/> that the <c>songs</c> plugin and the tour use
/// (<c>db.*</c> attributes naming the <c>songs</c> collection, <see cref="SkPluginsTelemetry.StoreQueryDuration"/>); where that
/// collection does not exist the time measured is the trained vectors file's fallback.
/// </summary>
/// <param name="inner">The recommender measured.</param>
public sealed class TracedSongRecommender(ISongRecommender inner) : ISongRecommender
{
    /// <inheritdoc />
    public async Task<SongRecommendations> RecommendAsync(SongRecommendationRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = SkPluginsTelemetry.ActivitySource.StartActivity("recommend songs", ActivityKind.Client);
        activity?.SetTag("db.operation.name", "recommend");
        activity?.SetTag("db.collection.name", "songs");
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await inner.RecommendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            SkPluginsTelemetry.Errors.Add(1, new("operation", "vector_store"), new("error.type", outcome));
            throw;
        }
        finally
        {
            SkPluginsTelemetry.StoreQueryDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("db.operation.name", "recommend"), new("db.collection.name", "songs"), new("outcome", outcome));
        }
    }
}
