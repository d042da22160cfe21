using System.Text;
using Microsoft.Extensions.AI;

namespace SkPlugins.Generation.Chat;

/// <summary>
/// Phi-3's chat template (from its <c>tokenizer_config.json</c>): <c>&lt;|system|&gt;\n…&lt;|end|&gt;\n</c>, <c>&lt;|user|&gt;\n…&lt;|end|&gt;\n</c>,
/// <c>&lt;|assistant|&gt;\n…&lt;|end|&gt;\n</c> per message, then <c>&lt;|assistant|&gt;\n</c> to prompt the reply.
/// </summary>
public static class Phi3ChatTemplate
{
    /// <summary>The token that ends a turn.</summary>
    public const string EndToken = "<|end|>";

    /// <summary>Renders messages as the prompt text (the tokenizer adds BOS).</summary>
    /// <param name="messages">The conversation; tool messages are rendered as user turns.</param>
    /// <param name="addGenerationPrompt">Whether to end with <c>&lt;|assistant|&gt;\n</c>.</param>
    /// <returns>The prompt text.</returns>
    public static string Render(IEnumerable<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var builder = new StringBuilder();
        foreach (var message in messages)
        {
            var tag = message.Role == ChatRole.System ? "<|system|>" : message.Role == ChatRole.Assistant ? "<|assistant|>" : "<|user|>";
            builder.Append(tag).Append('\n').Append(message.Text).Append(EndToken).Append('\n');
        }

        if (addGenerationPrompt)
        {
            builder.Append("<|assistant|>\n");
        }

        return builder.ToString();
    }
}
