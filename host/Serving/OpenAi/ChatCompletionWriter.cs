using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>Writes OpenAI <c>chat.completion</c> objects and <c>chat.completion.chunk</c> events.</summary>
/// <param name="id">The completion's id, shared by its chunks.</param>
/// <param name="model">The model name reported.</param>
public sealed class ChatCompletionWriter(string id, string model)
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private int _toolCallIndex;

    /// <summary>The whole answer as one <c>chat.completion</c> object.</summary>
    /// <param name="response">The chat client's answer.</param>
    public byte[] WriteCompletion(ChatResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteHeader(json, "chat.completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            var text = response.Text;
            if (text.Length == 0 && calls.Count > 0)
            {
                json.WriteNull("content");
            }
            else
            {
                json.WriteString("content", text);
            }

            if (calls.Count > 0)
            {
                WriteToolCalls(json, calls);
            }

            json.WriteEndObject();
            json.WriteNull("logprobs");
            json.WriteString("finish_reason", FinishReason(response.FinishReason, calls.Count > 0));
            json.WriteEndObject();
            json.WriteEndArray();
            WriteUsage(json, response.Usage);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One <c>data:</c> event carrying an update's text (tool calls go out through <see cref="WriteToolCallChunks"/>).</summary>
    /// <param name="update">The update.</param>
    /// <param name="first">Whether this is the first chunk (it carries the role).</param>
    public byte[] WriteChunk(ChatResponseUpdate update, bool first) => WriteDelta(first, json =>
    {
        if (update.Text is { Length: > 0 } text)
        {
            json.WriteString("content", text);
        }
    });

    /// <summary>
    /// One tool call streamed as OpenAI streams it: a delta with the call's index, id, type, name and empty arguments, then deltas
    /// carrying only the index and a fragment of the arguments' JSON (at most <paramref name="fragmentLength"/> characters each).
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="first">Whether the first of these chunks is the stream's first (it then carries the role).</param>
    /// <param name="fragmentLength">The longest argument fragment.</param>
    public IEnumerable<byte[]> WriteToolCallChunks(FunctionCallContent call, bool first, int fragmentLength = 16)
    {
        ArgumentNullException.ThrowIfNull(call);
        var index = _toolCallIndex++;
        var arguments = Arguments(call);
        yield return WriteDelta(first, json => WriteToolCallDelta(json, index, json =>
        {
            json.WriteString("id", call.CallId);
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", call.Name);
            json.WriteString("arguments", "");
            json.WriteEndObject();
        }));

        for (var start = 0; start < arguments.Length;)
        {
            var end = Math.Min(arguments.Length, start + fragmentLength);
            if (end < arguments.Length && char.IsHighSurrogate(arguments[end - 1]))
            {
                end--;
            }

            var fragment = arguments[start..end];
            yield return WriteDelta(false, json => WriteToolCallDelta(json, index, json =>
            {
                json.WriteStartObject("function");
                json.WriteString("arguments", fragment);
                json.WriteEndObject();
            }));
            start = end;
        }
    }

    /// <summary>The last chunk: an empty delta with the finish reason.</summary>
    /// <param name="reason">Why the answer ended.</param>
    /// <param name="calledTools">Whether the answer called tools.</param>
    public byte[] WriteFinalChunk(ChatFinishReason? reason, bool calledTools) => Event(json =>
    {
        WriteHeader(json, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", FinishReason(reason, calledTools));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>The usage chunk sent when <c>stream_options.include_usage</c> is set: no choices, only usage.</summary>
    /// <param name="usage">The token counts, when the client reported them.</param>
    public byte[] WriteUsageChunk(UsageDetails? usage) => Event(json =>
    {
        WriteHeader(json, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteEndArray();
        WriteUsage(json, usage ?? new UsageDetails());
        json.WriteEndObject();
    });

    /// <summary>An error event for a failure after streaming began.</summary>
    /// <param name="message">What went wrong.</param>
    public static byte[] WriteErrorEvent(string message) => Event(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", "server_error");
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>The stream's terminator, <c>data: [DONE]</c>.</summary>
    public static ReadOnlyMemory<byte> Done { get; } = "data: [DONE]\n\n"u8.ToArray();

    private static byte[] Event(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteHeader(Utf8JsonWriter json, string objectType)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", objectType);
        json.WriteNumber("created", _created);
        json.WriteString("model", model);
        json.WriteString("system_fingerprint", "skplugins");
    }

    private static void WriteToolCalls(Utf8JsonWriter json, List<FunctionCallContent> calls)
    {
        json.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            json.WriteStartObject();
            json.WriteString("id", call.CallId);
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", call.Name);
            json.WriteString("arguments", Arguments(call));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Arguments(FunctionCallContent call) =>
        JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);

    private byte[] WriteDelta(bool first, Action<Utf8JsonWriter> writeDelta) => Event(json =>
    {
        WriteHeader(json, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (first)
        {
            json.WriteString("role", "assistant");
        }

        writeDelta(json);
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteNull("finish_reason");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteToolCallDelta(Utf8JsonWriter json, int index, Action<Utf8JsonWriter> writeCall)
    {
        json.WriteStartArray("tool_calls");
        json.WriteStartObject();
        json.WriteNumber("index", index);
        writeCall(json);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter json, UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", input);
        json.WriteNumber("completion_tokens", output);
        json.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        json.WriteEndObject();
    }

    private static string FinishReason(ChatFinishReason? reason, bool calledTools)
    {
        if (reason == ChatFinishReason.Length)
        {
            return "length";
        }

        if (reason == ChatFinishReason.ContentFilter)
        {
            return "content_filter";
        }

        return calledTools || reason == ChatFinishReason.ToolCalls ? "tool_calls" : "stop";
    }
}
