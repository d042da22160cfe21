using System.Text.Json;

namespace SkPlugins.VectorStore.Service;

/// <summary>The data field types a collection schema names, and how JSON values become them.</summary>
public static class FieldTypes
{
    private static readonly Dictionary<string, Type> s_types = new(StringComparer.Ordinal)
    {
        ["string"] = typeof(string), ["bool"] = typeof(bool), ["int"] = typeof(int), ["long"] = typeof(long),
        ["float"] = typeof(float), ["double"] = typeof(double), ["datetime"] = typeof(DateTimeOffset), ["guid"] = typeof(Guid),
        ["bool?"] = typeof(bool?), ["int?"] = typeof(int?), ["long?"] = typeof(long?), ["float?"] = typeof(float?),
        ["double?"] = typeof(double?), ["datetime?"] = typeof(DateTimeOffset?), ["guid?"] = typeof(Guid?),
        ["string[]"] = typeof(string[]), ["List<string>"] = typeof(List<string>), ["int[]"] = typeof(int[]),
        ["List<int>"] = typeof(List<int>), ["long[]"] = typeof(long[]), ["List<long>"] = typeof(List<long>),
    };

    /// <summary>The name of a supported data type.</summary>
    public static string NameOf(Type type) => s_types.FirstOrDefault(t => t.Value == type).Key
        ?? throw new NotSupportedException($"data type {type.Name} has no schema name");

    /// <summary>The type of a schema type name.</summary>
    public static Type TypeOf(string name) => s_types.TryGetValue(name, out var type) ? type
        : throw new InvalidDataException($"unknown field type '{name}' (known: {string.Join(", ", s_types.Keys)})");

    /// <summary>The type a new collection gives a field first seen with this JSON value: string, long, double, bool or string[].</summary>
    public static Type Infer(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => typeof(string),
        JsonValueKind.True or JsonValueKind.False => typeof(bool),
        JsonValueKind.Number => value.TryGetInt64(out _) ? typeof(long) : typeof(double),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => typeof(string[]),
        _ => throw new ArgumentException($"payload field '{field}' is {value.ValueKind}; fields are strings, numbers, booleans or arrays of strings"),
    };

    /// <summary>Converts a JSON value to a field's type, naming the field when it does not fit.</summary>
    public static object? Convert(JsonElement value, Type type, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return value.Deserialize(type);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"payload field '{field}' must be {NameOf(type)}, got {value.ValueKind} {value.GetRawText()}", ex);
        }
    }
}
