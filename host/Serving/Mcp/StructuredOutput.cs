using System.Collections;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Serving.Mcp;

/// <summary>Decides which kernel functions return structured content over MCP: those whose result is an object (a class or
/// record, not a string, number, enumeration or collection), with the JSON schema Semantic Kernel derives for the return type.</summary>
public static class StructuredOutput
{
    /// <summary>The output schema of a function's result, or <see langword="null"/> when the result is not an object.</summary>
    /// <param name="returnParameter">The function's return metadata.</param>
    public static JsonElement? SchemaOf(KernelReturnParameterMetadata returnParameter)
    {
        var type = Unwrap(returnParameter.ParameterType);
        if (type is null || !IsObject(type) || returnParameter.Schema is not { } schema)
        {
            return null;
        }

        var root = schema.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "object"
            ? root.Clone()
            : null;
    }

    private static Type? Unwrap(Type? type)
    {
        if (type is { IsGenericType: true } && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void) ? null : type;
    }

    private static bool IsObject(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type != typeof(string) && type != typeof(decimal) && type != typeof(object)
        && Nullable.GetUnderlyingType(type) is null && !typeof(IEnumerable).IsAssignableFrom(type);
}
