using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>Turns a JSON object into <see cref="KernelArguments"/> for one function, rejecting unknown and missing arguments with their names.</summary>
public static class KernelArgumentBinder
{
    private static readonly JsonSerializerOptions s_valueOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Binds <paramref name="body"/> to the parameters of <paramref name="function"/>.</summary>
    /// <param name="function">The function.</param>
    /// <param name="body">The request body: a JSON object, or <see langword="null"/> / JSON null for no arguments.</param>
    /// <param name="aliases">Body names mapped to parameter names (see <see cref="ApiRoute.ArgumentAliases"/>).</param>
    /// <returns>The arguments, each converted to its parameter's type (a JSON list of strings is joined with commas for a string parameter).</returns>
    /// <exception cref="ArgumentException">The body is not an object, names an unknown argument, lacks a required one, or has a value of the wrong type.</exception>
    public static KernelArguments Bind(KernelFunction function, JsonElement? body, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var parameters = function.Metadata.Parameters;
        var arguments = new KernelArguments();
        if (body is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"the request body must be a JSON object of the arguments of {Describe(function)}, not a JSON {element.ValueKind.ToString().ToLowerInvariant()}");
            }

            foreach (var property in element.EnumerateObject())
            {
                var parameter = Resolve(parameters, property.Name, aliases)
                    ?? throw new ArgumentException($"unknown argument '{property.Name}' for {Describe(function)}; expected {ListParameters(function)}");
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                arguments[parameter.Name] = ConvertValue(property.Value, parameter);
            }
        }

        foreach (var parameter in parameters)
        {
            if (parameter.IsRequired && !arguments.ContainsName(parameter.Name))
            {
                throw new ArgumentException($"missing required argument '{parameter.Name}' for {Describe(function)}; expected {ListParameters(function)}");
            }
        }

        return arguments;
    }

    private static object? ConvertValue(JsonElement value, KernelParameterMetadata parameter)
    {
        if (parameter.ParameterType == typeof(string))
        {
            // A list given for a comma-separated string parameter (e.g. "tokenizers": ["gpt2", "bert-base-cased"]) is joined.
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Array when value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String) =>
                    string.Join(",", value.EnumerateArray().Select(item => item.GetString())),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => throw new ArgumentException($"argument '{parameter.Name}' must be a string, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }

        if (parameter.ParameterType is not { } type || type == typeof(object) || type == typeof(JsonElement))
        {
            return value.Clone();
        }

        try
        {
            return value.Deserialize(type, s_valueOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ArgumentException($"argument '{parameter.Name}' must be {Describe(type)}, not {value.GetRawText()}", ex);
        }
    }

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short) => "an integer",
            _ when underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal) => "a number",
            _ when underlying == typeof(bool) => "true or false",
            _ when underlying.IsEnum => "one of " + string.Join(", ", Enum.GetNames(underlying)),
            _ when underlying != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying) => "a JSON array",
            _ => "a " + underlying.Name,
        };
    }

    /// <summary>The function as <c>plugin.function</c>.</summary>
    /// <param name="function">The function.</param>
    public static string Describe(KernelFunction function) =>
        function.PluginName is { Length: > 0 } plugin ? $"{plugin}.{function.Name}" : function.Name;

    private static KernelParameterMetadata? Resolve(IReadOnlyList<KernelParameterMetadata> parameters, string name, IReadOnlyDictionary<string, string>? aliases)
    {
        if (aliases is not null && aliases.TryGetValue(name, out var aliased))
        {
            name = aliased;
        }

        var wanted = Normalize(name);
        return parameters.FirstOrDefault(p => Normalize(p.Name) == wanted);
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string ListParameters(KernelFunction function) =>
        function.Metadata.Parameters.Count == 0
            ? "no arguments"
            : string.Join(", ", function.Metadata.Parameters.Select(p => p.IsRequired ? p.Name : p.Name + "?"));
}
