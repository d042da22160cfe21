using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.Generation.Model;

namespace SkPlugins.Generation.Chat.Tools;

/// <summary>
/// Turns a chat request's tools, tool mode and response format into the prompt messages and the constraint of the reply. Constraints
/// are cached by their tools/schema, so their per-state masks are computed once across requests.
/// </summary>
internal sealed class ToolRequests
{
    private const int MaxCached = 64;
    private readonly ConcurrentDictionary<string, ILogitsConstraint> _constraints = new(StringComparer.Ordinal);

    /// <summary>Whether the request offers tools the model may call.</summary>
    public static bool OffersTools(ChatOptions? options) =>
        options?.Tools?.OfType<AIFunctionDeclaration>().Any() == true && options.ToolMode is not NoneChatToolMode;

    /// <summary>Whether the request needs the token vocabulary (tools, a JSON response format, or calls and results in the history).</summary>
    public static bool NeedsVocabulary(IReadOnlyList<ChatMessage> messages, ChatOptions? options) =>
        OffersTools(options) || options?.ResponseFormat is ChatResponseFormatJson
        || messages.Any(m => m.Contents.Any(c => c is FunctionCallContent or FunctionResultContent));

    /// <summary>The prompt messages, the constraint (null when the reply is free text) and the call format (null when no call may come back).</summary>
    /// <exception cref="ArgumentException">The tool mode names a function that is not among the tools.</exception>
    /// <exception cref="NotSupportedException">A schema is outside the supported subset.</exception>
    public (IReadOnlyList<ChatMessage> Messages, ILogitsConstraint? Constraint, ToolCallFormat? CallFormat) Plan(CausalLanguageModel model, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var vocabulary = TokenVocabulary.ForModel(model);
        var format = ToolCallFormat.For(vocabulary);
        if (!OffersTools(options))
        {
            var json = options?.ResponseFormat as ChatResponseFormatJson;
            var constraint = json is null ? null : Cached($"json:{json.Schema?.GetRawText()}", () =>
                json.Schema is { } schema ? JsonSchemaConstraint.Create(schema, vocabulary) : JsonSchemaConstraint.AnyObject(vocabulary));
            return (format.Rewrite(messages, []), constraint, null);
        }

        var tools = options!.Tools!.OfType<AIFunctionDeclaration>().ToList();
        var required = options.ToolMode is RequiredChatToolMode;
        var offered = tools;
        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name })
        {
            offered = tools.Where(t => t.Name == name).ToList();
            if (offered.Count == 0)
            {
                throw new ArgumentException($"ToolMode requires the function '{name}', which is not among ChatOptions.Tools ({string.Join(", ", tools.Select(t => t.Name))})", nameof(options));
            }
        }

        var maxCalls = options.AllowMultipleToolCalls == false ? 1 : (int?)null;
        var key = $"tools:{required}:{maxCalls}:" + string.Join("\u0001", offered.Select(t => t.Name + "\u0002" + t.JsonSchema.GetRawText()));
        var call = Cached(key, () => new ToolChoiceConstraint(
            ToolCallSchema.Create(offered.Select(t => (t.Name, t.JsonSchema)).ToList(), vocabulary, format.UsesToolTokens, maxCalls),
            required,
            format.OpenToken,
            format.CloseToken));
        return (format.Rewrite(messages, tools), call, format);
    }

    private ILogitsConstraint Cached(string key, Func<ILogitsConstraint> create)
    {
        if (_constraints.Count >= MaxCached)
        {
            _constraints.Clear();
        }

        return _constraints.GetOrAdd(key, _ => create());
    }
}
