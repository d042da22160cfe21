using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Agents;

/// <summary>
/// A tool whose result the model sees at most <see cref="MaxCharacters"/> characters of: a result is serialised to JSON text and,
/// when longer, cut and marked with its full length. A local model has a small context (4,096 tokens for Phi-3-mini), and one
/// large result (every tokenizer's ids for a long text) would otherwise overflow the next turn's prompt and end the run.
/// </summary>
internal sealed class BoundedResultFunction(AIFunction innerFunction) : DelegatingAIFunction(innerFunction)
{
    /// <summary>The most characters of one result the model is given.</summary>
    public const int MaxCharacters = 2_000;

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await base.InvokeCoreAsync(arguments, cancellationToken);
        var text = result switch
        {
            null => null,
            string s => s,
            JsonElement element => element.GetRawText(),
            _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
        };
        return text is { Length: > MaxCharacters }
            ? $"{text[..MaxCharacters]}… (cut: the result has {text.Length:N0} characters)"
            : (object?)text ?? result;
    }
}
