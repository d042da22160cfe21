using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>A recommend query (Qdrant's semantics): points like the positive examples and unlike the negative ones.</summary>
public sealed record RecommendQuery : ResultOptions
{
    /// <summary>Ids of liked points (at least one).</summary>
    [JsonPropertyName("positive")]
    public List<JsonElement> Positive { get; init; } = [];

    /// <summary>Ids of disliked points.</summary>
    [JsonPropertyName("negative")]
    public List<JsonElement>? Negative { get; init; }

    /// <summary><c>average_vector</c> (default) or <c>best_score</c>.</summary>
    [JsonPropertyName("strategy")]
    public string? Strategy { get; init; }
}
