using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkPlugins.Host.Serving;

/// <summary>The JSON settings of every served response: snake_case names as on the command line's <c>--json</c>, nulls left out.</summary>
public static class ServingJson
{
    /// <summary>snake_case property names, web defaults for reading (case-insensitive, numbers from strings), nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
