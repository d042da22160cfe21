namespace SkPlugins.Plugins.Tokenization;

/// <summary>How one tokenizer splits the compared text.</summary>
/// <param name="Tokenizer">The tokenizer.</param>
/// <param name="Count">Number of tokens, special tokens included.</param>
/// <param name="CharactersPerToken">Characters of text per token (higher is more compact).</param>
/// <param name="UnknownCount">Tokens that are the unknown token (<c>[UNK]</c>, <c>&lt;unk&gt;</c>): text the tokenizer cannot represent.</param>
/// <param name="Tokens">Each token decoded on its own (at most the configured limit).</param>
/// <param name="Error">Why the tokenizer could not be used (e.g. its files are missing); null on success.</param>
/// <param name="Ids">The token ids of <paramref name="Tokens"/>, one per token (null when the tokenizer could not be used).</param>
public sealed record TokenizerComparison(string Tokenizer, int Count, double CharactersPerToken, int UnknownCount, IReadOnlyList<string> Tokens, string? Error = null, IReadOnlyList<int>? Ids = null);
