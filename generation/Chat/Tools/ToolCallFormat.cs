using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using SkPlugins.Generation.Constraints;

namespace SkPlugins.Generation.Chat.Tools;

/// <summary>
/// How tools, calls and results are written in a model family's prompt, chosen from the tokenizer's special tokens.
/// <para><b>Phi-3</b> (no tool tokens): the system turn gets <see cref="Phi3Instructions"/> followed by one JSON line per tool
/// (<c>{"name","description","parameters"}</c>); a call is an assistant turn holding only <c>{"name": …, "arguments": {…}}</c>; a result
/// is a user turn <c>Function result (NAME, CALL_ID): RESULT</c>.</para>
/// <para><b>Tool tokens</b> (Phi-4-mini: <c>&lt;|tool|&gt;</c>, <c>&lt;|/tool|&gt;</c>, <c>&lt;|tool_call|&gt;</c>, <c>&lt;|/tool_call|&gt;</c>): the system turn ends with
/// <c>&lt;|tool|&gt;[TOOLS JSON]&lt;|/tool|&gt;</c>; calls are <c>&lt;|tool_call|&gt;[{"name": …, "arguments": {…}}, …]&lt;|/tool_call|&gt;</c>; results are user turns
/// starting with <c>&lt;|tool_response|&gt;</c> when the tokenizer has it, else as for Phi-3.</para>
/// </summary>
internal sealed class ToolCallFormat
{
    /// <summary>The instructions of the Phi-3 format, before the tool list.</summary>
    public const string Phi3Instructions =
        "You can call functions. To call one, answer with only a JSON object {\"name\": FUNCTION_NAME, \"arguments\": {ARGUMENTS}} and nothing else; "
        + "the result comes back in a user turn starting with \"Function result\". Otherwise answer in plain text. The functions:";

    private ToolCallFormat(int? open, int? close, bool hasResponseToken)
    {
        OpenToken = open;
        CloseToken = close;
        HasResponseToken = hasResponseToken;
    }

    /// <summary>The token that opens calls (tool-token families).</summary>
    public int? OpenToken { get; }

    /// <summary>The token that closes calls.</summary>
    public int? CloseToken { get; }

    /// <summary>Whether calls are written with tool tokens (as a JSON array).</summary>
    public bool UsesToolTokens => OpenToken is not null;

    private bool HasResponseToken { get; }

    /// <summary>The format of a vocabulary: tool tokens when it has <c>&lt;|tool_call|&gt;</c> and <c>&lt;|/tool_call|&gt;</c>, else Phi-3's.</summary>
    public static ToolCallFormat For(TokenVocabulary vocabulary)
    {
        var special = vocabulary.SpecialTokens;
        return special.TryGetValue("<|tool_call|>", out var open) && special.TryGetValue("<|/tool_call|>", out var close)
            ? new ToolCallFormat(open, close, special.ContainsKey("<|tool_response|>"))
            : new ToolCallFormat(null, null, false);
    }

    /// <summary>The conversation with tools and calls written as text, ready for the Phi-3 chat template.</summary>
    public IReadOnlyList<ChatMessage> Rewrite(IEnumerable<ChatMessage> messages, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        var list = messages.ToList();
        var names = list.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).GroupBy(c => c.CallId).ToDictionary(g => g.Key, g => g.First().Name);
        var result = new List<ChatMessage>();
        var system = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (tools.Count > 0)
        {
            result.Add(new ChatMessage(ChatRole.System, system + (system.Length > 0 ? "\n\n" : string.Empty) + ToolList(tools)));
        }
        else if (system.Length > 0)
        {
            result.Add(new ChatMessage(ChatRole.System, system));
        }

        foreach (var message in list.Where(m => m.Role != ChatRole.System))
        {
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            var results = message.Contents.OfType<FunctionResultContent>().ToList();
            if (calls.Count > 0)
            {
                result.Add(new ChatMessage(ChatRole.Assistant, (message.Text.Length > 0 ? message.Text + "\n" : string.Empty) + Calls(calls)));
            }
            else if (results.Count > 0)
            {
                result.AddRange(results.Select(r => new ChatMessage(ChatRole.User, Result(r, names.GetValueOrDefault(r.CallId)))));
            }
            else
            {
                result.Add(new ChatMessage(message.Role, message.Text));
            }
        }

        return result;
    }

    /// <summary>Reads the calls out of a reply (null when the reply is text or an incomplete call).</summary>
    /// <param name="outputIds">The reply's tokens.</param>
    /// <param name="decode">Decodes tokens to text.</param>
    public IReadOnlyList<FunctionCallContent>? ParseCalls(IReadOnlyList<int> outputIds, Func<IEnumerable<int>, string> decode)
    {
        string json;
        if (OpenToken is { } open)
        {
            var start = outputIds.ToList().IndexOf(open);
            if (start < 0)
            {
                return null;
            }

            var end = outputIds.ToList().IndexOf(CloseToken!.Value, start + 1);
            if (end < 0)
            {
                return null;
            }

            json = decode(outputIds.Skip(start + 1).Take(end - start - 1));
        }
        else
        {
            json = decode(outputIds).Trim();
            if (!json.StartsWith('{'))
            {
                return null;
            }
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var calls = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            return calls.Select(call => new FunctionCallContent(
                "call_" + Guid.NewGuid().ToString("N")[..24],
                call.GetProperty("name").GetString()!,
                JsonSerializer.Deserialize<Dictionary<string, object?>>(call.GetProperty("arguments").GetRawText()))).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private string ToolList(IReadOnlyList<AIFunctionDeclaration> tools)
    {
        var descriptions = tools.Select(t => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["parameters"] = t.JsonSchema,
        }));
        return UsesToolTokens ? $"<|tool|>[{string.Join(", ", descriptions)}]<|/tool|>" : Phi3Instructions + "\n" + string.Join("\n", descriptions);
    }

    private string Calls(IReadOnlyList<FunctionCallContent> calls)
    {
        var json = calls.Select(c => JsonSerializer.Serialize(new Dictionary<string, object?> { ["name"] = c.Name, ["arguments"] = c.Arguments ?? new Dictionary<string, object?>() }));
        return UsesToolTokens ? $"<|tool_call|>[{string.Join(", ", json)}]<|/tool_call|>" : string.Join("\n", json);
    }

    private string Result(FunctionResultContent result, string? name)
    {
        var value = result.Result is JsonElement element ? element.GetRawText() : result.Result is string s ? s : JsonSerializer.Serialize(result.Result);
        var builder = new StringBuilder();
        builder.Append(HasResponseToken ? "<|tool_response|>" : $"Function result ({name ?? "unknown"}, {result.CallId}): ");
        return builder.Append(value).ToString();
    }
}
