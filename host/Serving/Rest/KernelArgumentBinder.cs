using System.Text.Json;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>Turns a JSON object into <see cref="KernelArguments"/> for one function, rejecting unknown and missing arguments with their names.</summary>
public static class KernelArgumentBinder
{
    /// <summary>Binds <paramref name="body"/> to the parameters of <paramref name="function"/>.</summary>
    /// <param name="function">The function.</param>
    /// <param name="body">The request body: a JSON object, or <see langword="null"/> / JSON null for no arguments.</param>
    /// <param name="aliases">Body names mapped to parameter names (see <see cref="ApiRoute.ArgumentAliases"/>).</param>
    /// <returns>The arguments; strings stay strings, other values stay <see cref="JsonElement"/> for the function to convert to its parameter types.</returns>
    /// <exception cref="ArgumentException">The body is not an object, names an unknown argument, or lacks a required one.</exception>
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

        return value.Clone();
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
