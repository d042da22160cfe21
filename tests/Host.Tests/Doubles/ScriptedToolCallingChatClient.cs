using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Tests.Doubles;

/// <summary>
/// A chat client that behaves like a tool-calling model with a fixed plan: while fewer tool results than scripted calls are in the
/// conversation (since the last user message) it answers with the next <see cref="FunctionCallContent"/>, then with a final text
/// computed from the tool results. It only calls tools that were offered to it (like a real model), and records what it saw.
/// Streaming yields the same answer word by word.
/// </summary>
public sealed class ScriptedToolCallingChatClient(IReadOnlyList<ScriptedToolCall> calls, Func<ScriptedTurn, string> finalAnswer, string modelId = "scripted-model") : IChatClient
{
    private int _turns;

    /// <summary>A client without tool calls that answers from the conversation alone.</summary>
    public static ScriptedToolCallingChatClient Answering(Func<ScriptedTurn, string> answer) => new([], answer);

    /// <summary>The names of the tools offered on each turn.</summary>
    public List<IReadOnlyList<string>> OfferedTools { get; } = [];

    /// <summary>The chat options of each turn.</summary>
    public List<ChatOptions?> Options { get; } = [];

    /// <summary>How many times the client was asked for an answer.</summary>
    public int Turns => _turns;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var message = NextMessage(messages.ToList(), options);
        return Task.FromResult(new ChatResponse(message)
        {
            ModelId = modelId,
            FinishReason = message.Contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 7, OutputTokenCount = CountWords(message.Text), TotalTokenCount = 7 + CountWords(message.Text) },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var message = NextMessage(messages.ToList(), options);
        var call = message.Contents.OfType<FunctionCallContent>().FirstOrDefault();
        if (call is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]) { ModelId = modelId, FinishReason = ChatFinishReason.ToolCalls };
            yield break;
        }

        var words = message.Text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = modelId };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = words.Length, TotalTokenCount = 7 + words.Length })])
        {
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    /// <summary>The text of a tool result: strings as they are, anything else as JSON.</summary>
    public static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => "",
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString()!,
        var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions),
    };

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, modelId)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private ChatMessage NextMessage(List<ChatMessage> messages, ChatOptions? options)
    {
        var turn = Interlocked.Increment(ref _turns);
        var offered = options?.Tools?.Select(t => t.Name).ToList() ?? [];
        lock (OfferedTools)
        {
            OfferedTools.Add(offered);
            Options.Add(options);
        }

        var lastUser = messages.FindLastIndex(m => m.Role == ChatRole.User);
        var results = messages.Skip(lastUser + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        var resultTexts = results.Select(ResultText).ToList();
        if (results.Count < calls.Count)
        {
            var call = calls[results.Count];
            var name = ResolveTool(call.Function, offered);
            return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{turn}_{results.Count + 1}", name, call.Arguments(resultTexts))]);
        }

        var userText = lastUser >= 0 ? messages[lastUser].Text : "";
        return new ChatMessage(ChatRole.Assistant, finalAnswer(new ScriptedTurn(userText, resultTexts, messages)));
    }

    private static string ResolveTool(string function, List<string> offered)
    {
        var parts = function.Split('.', 2);
        var candidates = parts.Length == 2
            ? new[] { $"{parts[0]}_{parts[1]}", $"{parts[0]}-{parts[1]}", $"{parts[0]}.{parts[1]}" }
            : [function];
        return offered.FirstOrDefault(o => candidates.Contains(o, StringComparer.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"the script calls '{function}' but the caller offered only: {(offered.Count == 0 ? "no tools" : string.Join(", ", offered))}");
    }

    private static int CountWords(string text) => text.Length == 0 ? 0 : text.Split(' ').Length;
}
