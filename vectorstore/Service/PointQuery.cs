using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>A search: exactly one of <see cref="Vector"/>, <see cref="Text"/> (embedded with the configured model),
/// <see cref="Word"/> (the point whose <c>word</c> field it is) or <see cref="Id"/> (a stored point; both leave that point out).</summary>
public sealed record PointQuery : ResultOptions
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
}
