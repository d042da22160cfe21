namespace SkPlugins.Plugins.Generation.Tokenization;

/// <summary>One entry of <c>added_tokens</c> in a Hugging Face <c>tokenizer.json</c>.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The literal text, e.g. <c>&lt;|end|&gt;</c>.</param>
/// <param name="LeftStrip">Whether whitespace before the token is absorbed.</param>
/// <param name="RightStrip">Whether whitespace after the token is absorbed.</param>
internal sealed record AddedToken(int Id, string Content, bool LeftStrip, bool RightStrip);
