using System.Diagnostics;
using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.Host.Telemetry;

/// <summary>Traces and times every song recommendation query against the vector store (<c>db.*</c> attributes, <see cref="SkPluginsTelemetry.StoreQueryDuration"/>).</summary>
/// <param name="inner">The recommender measured.</param>
public sealed class TracedSongRecommender(IStoreSongRecommender inner) : IStoreSongRecommender
{
    /// <inheritdoc />
    public async Task<StoreSongRecommendations> RecommendAsync(ulong songId, SongRecommendRequest? request = null, CancellationToken cancellationToken = default)
    {
        using var activity = SkPluginsTelemetry.ActivitySource.StartActivity("recommend songs", ActivityKind.Client);
        activity?.SetTag("db.operation.name", "recommend");
        activity?.SetTag("db.collection.name", "songs");
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await inner.RecommendAsync(songId, request, cancellationToken).ConfigureAwait(false);
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
