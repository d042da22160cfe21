namespace SkPlugins.Plugins.Tokenization;

/// <summary>The tokens of a text.</summary>
/// <param name="Tokenizer">The tokenizer used.</param>
/// <param name="Count">The number of tokens (all of them, even when the lists are cut).</param>
/// <param name="Ids">The token ids (at most the configured limit).</param>
/// <param name="Tokens">Each id decoded on its own.</param>
/// <param name="Offsets">For each token, [start, end) character offsets in the text ([0, 0] for added special tokens).</param>
/// <param name="Truncated">Whether the lists were cut at the limit.</param>
public sealed record TokenizeResult(string Tokenizer, int Count, IReadOnlyList<int> Ids, IReadOnlyList<string> Tokens, IReadOnlyList<int[]> Offsets, bool Truncated);
