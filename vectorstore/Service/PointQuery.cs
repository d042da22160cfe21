using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>A search: exactly one of <see cref="Vector"/>, <see cref="Text"/> (embedded with the configured model),
/// <see cref="Word"/> (the point whose <c>word</c> field it is) or <see cref="Id"/> (a stored point; both leave that point out).</summary>
public sealed record PointQuery
{
    /// <summary>A query vector.</summary>
    [JsonPropertyName("vector")]
    public float[]? Vector { get; init; }

    /// <summary>A text to embed.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; init; }

    /// <summary>The value of a stored point's <c>word</c> field.</summary>
    [JsonPropertyName("word")]
    public string? Word { get; init; }

    /// <summary>A stored point's id.</summary>
    [JsonPropertyName("id")]
    public JsonElement? Id { get; init; }

    /// <summary>How many results (1 to the server's limit).</summary>
    [JsonPropertyName("top")]
    public int Top { get; init; } = 10;

    /// <summary>Field values results must have: <c>{"artist": "Metallica"}</c>; on an array field, a value it must contain.</summary>
    [JsonPropertyName("filter")]
    public Dictionary<string, JsonElement>? Filter { get; init; }

    /// <summary>The worst score kept (for distances, the largest distance).</summary>
    [JsonPropertyName("score_threshold")]
    public double? ScoreThreshold { get; init; }

    /// <summary>Return the vectors of the results.</summary>
    [JsonPropertyName("with_vectors")]
    public bool WithVectors { get; init; }
}
