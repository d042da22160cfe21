using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>An OpenAI <c>POST /v1/chat/completions</c> request read into Microsoft.Extensions.AI types.</summary>
/// <param name="Model">The requested model, when given.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">Sampling, stop sequences, tools and the tool mode.</param>
/// <param name="Stream">Whether the answer is streamed as server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed answer ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
public sealed record ChatCompletionRequest(string? Model, IList<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage)
{
    /// <summary>Reads the request body.</summary>
    /// <param name="body">The JSON body.</param>
    /// <param name="maxMessages">The largest number of messages accepted.</param>
    /// <exception cref="ArgumentException">A required field is missing or has the wrong type; the message names it.</exception>
    public static ChatCompletionRequest Parse(JsonElement body, int maxMessages)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("the request body must be a JSON object with 'messages'");
        }

        if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            throw new ArgumentException("'messages' must be a non-empty array of {role, content} objects");
        }

        if (messagesElement.GetArrayLength() > maxMessages)
        {
            throw new ArgumentException($"'messages' has {messagesElement.GetArrayLength()} items; the limit is {maxMessages} (SkPlugins:Serve:MaxBatchItems)");
        }

        var messages = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            messages.Add(ReadMessage(message, index++));
        }

        var model = OpenAiJson.GetString(body, "model");
        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = OpenAiJson.GetSingle(body, "temperature"),
            TopP = OpenAiJson.GetSingle(body, "top_p"),
            FrequencyPenalty = OpenAiJson.GetSingle(body, "frequency_penalty"),
            PresencePenalty = OpenAiJson.GetSingle(body, "presence_penalty"),
            MaxOutputTokens = OpenAiJson.GetInt32(body, "max_completion_tokens") ?? OpenAiJson.GetInt32(body, "max_tokens"),
            Seed = OpenAiJson.GetInt32(body, "seed"),
            StopSequences = ReadStop(body),
        };
        ReadTools(body, options);

        var stream = body.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
        return new ChatCompletionRequest(model, messages, options, stream, includeUsage);
    }

    private static ChatMessage ReadMessage(JsonElement message, int index)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"messages[{index}] must be an object with 'role' and 'content'");
        }

        var role = OpenAiJson.GetString(message, "role") ?? throw new ArgumentException($"messages[{index}].role is missing");
        var contents = new List<AIContent>();
        switch (role)
        {
            case "system" or "developer" or "user" or "assistant":
                if (ReadText(message, index) is { Length: > 0 } text)
                {
                    contents.Add(new TextContent(text));
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        contents.Add(ReadToolCall(call, index));
                    }
                }

                break;
            case "tool":
                var callId = OpenAiJson.GetString(message, "tool_call_id") ?? throw new ArgumentException($"messages[{index}].tool_call_id is missing");
                contents.Add(new FunctionResultContent(callId, ReadText(message, index)));
                break;
            default:
                throw new ArgumentException($"messages[{index}].role '{role}' is not one of system, developer, user, assistant, tool");
        }

        var chatRole = role switch
        {
            "system" or "developer" => ChatRole.System,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => ChatRole.User,
        };
        return new ChatMessage(chatRole, contents) { AuthorName = OpenAiJson.GetString(message, "name") };
    }

    private static string? ReadText(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"messages[{index}].content must be a string or an array of text parts");
        }

        var parts = new List<string>();
        foreach (var part in content.EnumerateArray())
        {
            var type = part.ValueKind == JsonValueKind.Object ? OpenAiJson.GetString(part, "type") : null;
            if (type != "text")
            {
                throw new ArgumentException($"messages[{index}].content has a part of type '{type}'; only text parts are supported");
            }

            parts.Add(OpenAiJson.GetString(part, "text") ?? "");
        }

        return string.Concat(parts);
    }

    private static FunctionCallContent ReadToolCall(JsonElement call, int index)
    {
        var id = OpenAiJson.GetString(call, "id") ?? throw new ArgumentException($"messages[{index}].tool_calls[].id is missing");
        if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"messages[{index}].tool_calls[].function is missing");
        }

        var name = OpenAiJson.GetString(function, "name") ?? throw new ArgumentException($"messages[{index}].tool_calls[].function.name is missing");
        var argumentsJson = OpenAiJson.GetString(function, "arguments");
        Dictionary<string, object?>? arguments = null;
        if (!string.IsNullOrWhiteSpace(argumentsJson))
        {
            try
            {
                arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(argumentsJson);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"messages[{index}].tool_calls[].function.arguments is not a JSON object: {ex.Message}", ex);
            }
        }

        return new FunctionCallContent(id, name, arguments);
    }

    private static List<string>? ReadStop(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop))
        {
            return null;
        }

        return stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array => stop.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList(),
            JsonValueKind.Null => null,
            _ => throw new ArgumentException("'stop' must be a string or an array of strings"),
        };
    }

    private static void ReadTools(JsonElement body, ChatOptions options)
    {
        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            options.Tools = [];
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException("each of 'tools' must be {\"type\":\"function\",\"function\":{name, description, parameters}}");
                }

                var name = OpenAiJson.GetString(function, "name") ?? throw new ArgumentException("tools[].function.name is missing");
                var schema = function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                    ? parameters.Clone()
                    : JsonDocument.Parse("{\"type\":\"object\",\"properties\":{}}").RootElement.Clone();
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(name, OpenAiJson.GetString(function, "description"), schema));
            }
        }

        if (body.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            options.ToolMode = choice.ValueKind switch
            {
                JsonValueKind.String when choice.GetString() == "none" => ChatToolMode.None,
                JsonValueKind.String when choice.GetString() == "required" => ChatToolMode.RequireAny,
                JsonValueKind.String when choice.GetString() == "auto" => ChatToolMode.Auto,
                JsonValueKind.Object when choice.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object && OpenAiJson.GetString(f, "name") is { } name => ChatToolMode.RequireSpecific(name),
                _ => throw new ArgumentException("'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}"),
            };
            if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } required } && options.Tools?.Any(t => t.Name == required) != true)
            {
                throw new ArgumentException($"'tool_choice' names the function '{required}', which is not among 'tools'");
            }

            if (options.ToolMode == ChatToolMode.RequireAny && options.Tools is not { Count: > 0 })
            {
                throw new ArgumentException("'tool_choice' is \"required\" but 'tools' is empty or missing");
            }
        }

        if (body.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind != JsonValueKind.Null)
        {
            options.AllowMultipleToolCalls = parallel.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ArgumentException("'parallel_tool_calls' must be true or false"),
            };
        }

        options.ResponseFormat = ResponseFormatReader.Read(body);
    }
}
