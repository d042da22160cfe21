using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.VectorStore.Service;

/// <summary>What a search or a recommendation returns: how many results, which ones, and with what.</summary>
public abstract record ResultOptions
{
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
