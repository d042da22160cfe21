using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>
/// Reads OpenAI's <c>response_format</c>: <c>{"type":"text"}</c>, <c>{"type":"json_object"}</c> or
/// <c>{"type":"json_schema","json_schema":{"name","description","schema","strict"}}</c>, as a <see cref="ChatResponseFormat"/>.
/// The local chat client always decodes JSON formats under a grammar constraint, so <c>strict</c> false is accepted and
/// honoured as strictly as <c>true</c>.
/// </summary>
public static class ResponseFormatReader
{
    /// <summary>The request's response format, or <see langword="null"/> when it has none.</summary>
    /// <param name="body">The request body.</param>
    /// <exception cref="ArgumentException">The field is malformed; the message names it.</exception>
    public static ChatResponseFormat? Read(JsonElement body)
    {
        if (!body.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("'response_format' must be an object such as {\"type\":\"json_object\"}");
        }

        return OpenAiJson.GetString(format, "type") switch
        {
            "text" => ChatResponseFormat.Text,
            "json_object" => ChatResponseFormat.Json,
            "json_schema" => ReadJsonSchema(format),
            var other => throw new ArgumentException($"'response_format.type' is '{other}'; expected \"text\", \"json_object\" or \"json_schema\""),
        };
    }

    private static ChatResponseFormatJson ReadJsonSchema(JsonElement format)
    {
        if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("'response_format.json_schema' must be an object with 'name' and 'schema'");
        }

        if (!spec.TryGetProperty("schema", out var schema) || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
        {
            throw new ArgumentException("'response_format.json_schema.schema' must be a JSON Schema object");
        }

        if (spec.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            throw new ArgumentException("'response_format.json_schema.strict' must be true or false");
        }

        var name = OpenAiJson.GetString(spec, "name") ?? throw new ArgumentException("'response_format.json_schema.name' is missing");
        return ChatResponseFormat.ForJsonSchema(schema.Clone(), name, OpenAiJson.GetString(spec, "description"));
    }
}
