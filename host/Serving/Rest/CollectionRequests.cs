using System.Text.Json;
using System.Text.Json.Serialization;
using SkPlugins.VectorStore.Service;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>The body of <c>PUT /api/collections/{name}/points</c>.</summary>
public sealed record UpsertPointsRequest
{
    /// <summary>The points (at most <see cref="VectorServiceLimits.MaxPointsPerRequest"/>).</summary>
    [JsonPropertyName("points")]
    public List<PointInput> Points { get; init; } = [];

    /// <summary>The distance function of a collection this request creates (default <c>CosineSimilarity</c>).</summary>
    [JsonPropertyName("distance")]
    public string? Distance { get; init; }
}

/// <summary>The body of <c>DELETE /api/collections/{name}/points</c>.</summary>
public sealed record DeletePointsRequest
{
    /// <summary>The ids to delete.</summary>
    [JsonPropertyName("ids")]
    public List<JsonElement> Ids { get; init; } = [];
}
