using SkPlugins.Generation.Constraints.Json;

namespace SkPlugins.Generation.Constraints;

/// <summary>
/// Tool calling's constraint: the output is either free text or a call whose JSON follows <see cref="Call"/> (the name among the
/// offered tools, the arguments to that tool's parameter schema). With an <see cref="OpenToken"/> (tool-token families such as
/// Phi-4-mini's <c>&lt;|tool_call|&gt;</c>) the call starts with that token and ends with <see cref="CloseToken"/>; without one
/// (Phi-3) a reply whose first non-whitespace byte is <c>{</c> is a call. When <see cref="Required"/>, text is not an option.
/// </summary>
/// <param name="call">The JSON of a call.</param>
/// <param name="required">Whether a call must be made.</param>
/// <param name="openToken">The token that opens a call, if the family has one.</param>
/// <param name="closeToken">The token that closes a call, if the family has one.</param>
public sealed class ToolChoiceConstraint(JsonSchemaConstraint call, bool required, int? openToken = null, int? closeToken = null) : ILogitsConstraint
{
    private int[]? _textStarts;

    /// <summary>The JSON of a call.</summary>
    public JsonSchemaConstraint Call { get; } = call ?? throw new ArgumentNullException(nameof(call));

    /// <summary>Whether a call must be made.</summary>
    public bool Required { get; } = required;

    /// <summary>The token that opens a call.</summary>
    public int? OpenToken { get; } = openToken;

    /// <summary>The token that closes a call.</summary>
    public int? CloseToken { get; } = closeToken;

    /// <inheritdoc />
    public ILogitsConstraintState CreateState(IReadOnlyCollection<int> stopTokenIds) => new ToolChoiceState(this, stopTokenIds);

    /// <summary>Tokens that start free text without a call marker: their first non-whitespace byte is not <c>{</c>.</summary>
    internal int[] TextStarts => _textStarts ??= Enumerable.Range(0, Call.Vocabulary.Count).Where(id =>
        Call.Vocabulary.Bytes(id) is { } bytes && bytes.AsSpan().TrimStart(" \n\t\r"u8) is { Length: > 0 } rest && rest[0] != (byte)'{').ToArray();
}
