using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>A search or recommend result.</summary>
/// <param name="Id">The point id (a number or a GUID).</param>
/// <param name="Score">The similarity (or distance, for distance functions).</param>
/// <param name="Payload">The data fields.</param>
/// <param name="Vector">The vector, when asked for.</param>
public sealed record ScoredPoint(
    [property: JsonPropertyName("id")] object Id,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("payload")] IReadOnlyDictionary<string, object?> Payload,
    [property: JsonPropertyName("vector"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float[]? Vector);
