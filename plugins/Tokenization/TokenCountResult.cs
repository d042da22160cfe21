namespace SkPlugins.Plugins.Tokenization;

/// <summary>How many tokens a text takes.</summary>
/// <param name="Tokenizer">The tokenizer used.</param>
/// <param name="Count">Tokens, including special tokens the tokenizer adds.</param>
/// <param name="Characters">Characters in the text.</param>
public sealed record TokenCountResult(string Tokenizer, int Count, int Characters);
