using System.Text.Json;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>Typed reads of optional OpenAI request fields, failing with the field's name.</summary>
public static class OpenAiJson
{
    /// <summary>A string field, or <see langword="null"/> when absent or null.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The field.</param>
    public static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.String => value.GetString(),
            _ => throw new ArgumentException($"'{name}' must be a string"),
        };

    /// <summary>A number field as <see cref="float"/>, or <see langword="null"/> when absent or null.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The field.</param>
    public static float? GetSingle(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.Number => value.GetSingle(),
            _ => throw new ArgumentException($"'{name}' must be a number"),
        };

    /// <summary>An integer field, or <see langword="null"/> when absent or null.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The field.</param>
    public static int? GetInt32(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) => number,
            _ => throw new ArgumentException($"'{name}' must be an integer"),
        };
}
