namespace SkPlugins.Plugins.Tokenization;

/// <summary>Text decoded from token ids.</summary>
/// <param name="Tokenizer">The tokenizer used.</param>
/// <param name="Text">The text, as Hugging Face's <c>tokenizer.decode</c> gives it.</param>
public sealed record DecodeResult(string Tokenizer, string Text);
