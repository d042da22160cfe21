using System.Text.Encodings.Web;
using System.Text.Json;

namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// Compiles the JSON Schema subset that tool parameters and structured outputs use into <see cref="SchemaNode"/>s:
/// <c>type</c> (one or a list), <c>properties</c>/<c>required</c>/<c>additionalProperties</c>, <c>items</c>/<c>minItems</c>/<c>maxItems</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>enum</c>, <c>const</c>, <c>anyOf</c>/<c>oneOf</c>, <c>$defs</c>/<c>definitions</c> and <c>$ref</c> (JSON pointers
/// into the document, recursion included). Annotations (<c>description</c>, <c>title</c>, <c>default</c>, <c>examples</c>, <c>format</c>, …) are
/// ignored, as are keywords JSON Schema does not define (Semantic Kernel adds some); a keyword that would restrict values in a way the
/// automaton does not enforce (<c>pattern</c>, <c>minimum</c>, <c>allOf</c>, …) is an error.
/// </summary>
internal sealed class JsonSchemaCompiler
{
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> s_unsupported = new(StringComparer.Ordinal)
    {
        "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "patternProperties", "propertyNames",
        "uniqueItems", "minProperties", "maxProperties", "not", "if", "then", "else", "allOf", "prefixItems", "contains", "minContains",
        "maxContains", "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
    };

    private static readonly HashSet<string> s_supported = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "minLength", "maxLength",
        "enum", "const", "anyOf", "oneOf", "$ref",
    };

    private readonly JsonElement _root;
    private readonly Dictionary<string, SchemaNode> _byPointer = new(StringComparer.Ordinal);
    private readonly List<RefNode> _pending = [];

    private JsonSchemaCompiler(JsonElement root) => _root = root;

    /// <summary>Compiles a schema document.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The root node.</returns>
    /// <exception cref="NotSupportedException">The schema uses a keyword or form outside the subset; the message names it and where.</exception>
    public static SchemaNode Compile(JsonElement schema)
    {
        var compiler = new JsonSchemaCompiler(schema);
        var root = compiler.Node(schema, "#");
        for (var i = 0; i < compiler._pending.Count; i++)
        {
            var reference = compiler._pending[i];
            reference.Target = compiler.Resolve(reference.Reference);
        }

        return root;
    }

    private SchemaNode Node(JsonElement schema, string path)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return AnyValueNode.Instance;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"JSON Schema at {path} must be an object or true, not {schema.ValueKind}");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (s_unsupported.Contains(keyword.Name))
            {
                throw new NotSupportedException($"JSON Schema keyword '{keyword.Name}' at {path} is not supported by constrained decoding (supported: {string.Join(", ", s_supported)})");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var node = new RefNode(reference.GetString() ?? throw new NotSupportedException($"$ref at {path} must be a string"));
            _pending.Add(node);
            return node;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return new LiteralNode([Serialise(constant)]);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                throw new NotSupportedException($"enum at {path} must be a non-empty array");
            }

            return new LiteralNode(values.EnumerateArray().Select(Serialise));
        }

        foreach (var combinator in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                return new AnyOfNode(options.EnumerateArray().Select((o, i) => Node(o, $"{path}/{combinator}/{i}")).ToArray());
            }
        }

        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? Typed(schema, "object", path)
                : schema.TryGetProperty("items", out _) ? Typed(schema, "array", path)
                : AnyValueNode.Instance;
        }

        return type.ValueKind == JsonValueKind.Array
            ? new AnyOfNode(type.EnumerateArray().Select(t => Typed(schema, t.GetString()!, path)).ToArray())
            : Typed(schema, type.GetString() ?? throw new NotSupportedException($"type at {path} must be a string or an array of strings"), path);
    }

    private SchemaNode Typed(JsonElement schema, string type, string path) => type switch
    {
        "object" => Object(schema, path),
        "array" => new ArrayNode(
            schema.TryGetProperty("items", out var items) ? Node(items, $"{path}/items") : AnyValueNode.Instance,
            Count(schema, "minItems", path) ?? 0,
            Count(schema, "maxItems", path)),
        "string" => new StringNode(Count(schema, "minLength", path) ?? 0, Count(schema, "maxLength", path)),
        "integer" => NumberNode.Integer,
        "number" => NumberNode.Number,
        "boolean" => new LiteralNode(["true", "false"]),
        "null" => new LiteralNode(["null"]),
        _ => throw new NotSupportedException($"type '{type}' at {path} is not a JSON Schema type"),
    };

    private SchemaNode Object(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("properties", out var properties) || properties.EnumerateObject().Any() is false)
        {
            return schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object
                ? new MapNode(Node(additional, $"{path}/additionalProperties"))
                : MapNode.Any;
        }

        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var list = properties.EnumerateObject().ToList();
        if (list.Count > 64)
        {
            throw new NotSupportedException($"the object at {path} declares {list.Count} properties; constrained decoding supports at most 64");
        }

        var missing = required.Where(r => list.All(p => p.Name != r)).ToList();
        if (missing.Count > 0)
        {
            throw new NotSupportedException($"the object at {path} requires '{missing[0]}', which is not among its properties");
        }

        var nodes = list.Select(p => new PropertyNode(p.Name, KeyBytes(p.Name), required.Contains(p.Name))).ToArray();
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].Value = Node(list[i].Value, $"{path}/properties/{list[i].Name}");
        }

        return new ObjectNode(nodes);
    }

    private SchemaNode Resolve(string reference)
    {
        if (_byPointer.TryGetValue(reference, out var known))
        {
            return known;
        }

        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"$ref '{reference}' is not a pointer into this document (only '#…' references are supported)");
        }

        var element = _root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                throw new NotSupportedException($"$ref '{reference}' does not resolve: no '{name}'");
            }
        }

        var placeholder = new RefNode(reference);
        _byPointer[reference] = placeholder;
        placeholder.Target = Node(element, reference);
        return placeholder;
    }

    private static int? Count(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        return value.TryGetInt32(out var count) && count >= 0 ? count : throw new NotSupportedException($"{keyword} at {path} must be a non-negative integer");
    }

    private static string Serialise(JsonElement value) => JsonSerializer.Serialize(value, s_compact);

    private static byte[] KeyBytes(string name) => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name, s_compact)[1..]);
}
