using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>A point to upsert: its id (a number, or a GUID string for GUID collections), its vector and its data fields.</summary>
public sealed record PointInput
{
    /// <summary>The id; upserting the same id again replaces the point.</summary>
    [JsonPropertyName("id")]
    public JsonElement Id { get; init; }

    /// <summary>The vector, of the collection's dimensions.</summary>
    [JsonPropertyName("vector")]
    public float[]? Vector { get; init; }

    /// <summary>The data fields, e.g. <c>{"word": "king", "rank": 12}</c>.</summary>
    [JsonPropertyName("payload")]
    public Dictionary<string, JsonElement>? Payload { get; init; }
}
