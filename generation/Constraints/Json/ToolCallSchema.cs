using System.Text.Json;

namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// The JSON of tool calls: <c>{"name": NAME, "arguments": ARGS}</c> with NAME one of the tools and ARGS that tool's parameter schema
/// (each tool's schema compiled on its own, so its <c>$ref</c>s stay inside it); optionally a JSON array of one or more such calls.
/// </summary>
public static class ToolCallSchema
{
    /// <summary>Builds the constraint of a call (or of an array of calls).</summary>
    /// <param name="tools">The tools: name and parameter schema.</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="array">Whether calls come as a JSON array (tool-token families, parallel calls).</param>
    /// <param name="maxCalls">The most calls in the array (1 when parallel calls are off).</param>
    /// <exception cref="NotSupportedException">A parameter schema is outside the supported subset; the message names the tool.</exception>
    public static JsonSchemaConstraint Create(IReadOnlyList<(string Name, JsonElement Parameters)> tools, TokenVocabulary vocabulary, bool array = false, int? maxCalls = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        if (tools.Count == 0)
        {
            throw new ArgumentException("at least one tool is needed", nameof(tools));
        }

        var options = tools.Select(tool =>
        {
            SchemaNode arguments;
            try
            {
                arguments = JsonSchemaCompiler.Compile(tool.Parameters);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"tool '{tool.Name}': {e.Message}", e);
            }

            var name = new PropertyNode("name", "name\""u8.ToArray(), true) { Value = new LiteralNode([JsonSerializer.Serialize(tool.Name)]) };
            var args = new PropertyNode("arguments", "arguments\""u8.ToArray(), true) { Value = arguments };
            return (SchemaNode)new ObjectNode([name, args]);
        }).ToArray();
        SchemaNode call = options.Length == 1 ? options[0] : new AnyOfNode(options);
        return new JsonSchemaConstraint(array ? new ArrayNode(call, 1, maxCalls) : call, vocabulary);
    }
}
