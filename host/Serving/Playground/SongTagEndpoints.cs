using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SkPlugins.WordVectors.Playlists;

namespace SkPlugins.Host.Serving.Playground;

/// <summary>
/// <c>GET /api/songs/sentiment_tags</c>: <c>{"tags":[...]}</c>, the Last.fm tags of feeling rather than genre (<see cref="SongTags.Sentiment"/>),
/// so the web page orders a recommendation's tags as the tour does from the one list.
/// </summary>
public static class SongTagEndpoints
{
    /// <summary>Maps the route.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapSongTagApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/songs/sentiment_tags", () => TypedResults.Json(new { tags = SongTags.Sentiment }, ServingJson.Options))
            .WithTags("Songs").WithName("SongSentimentTags").WithSummary("The Last.fm tags of feeling rather than genre or decade, shown last beside recommendations");
        return endpoints;
    }
}
