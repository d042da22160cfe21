namespace SkPlugins.Tokenization.Pipeline;

/// <summary>A Hugging Face added token: matched in the raw text before the model runs.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">Its text.</param>
/// <param name="Special">A special token (<c>[CLS]</c>, <c>&lt;|end|&gt;</c>); skipped by "skip special tokens".</param>
/// <param name="LeftStrip">Absorbs the whitespace on its left.</param>
/// <param name="RightStrip">Absorbs the whitespace on its right.</param>
/// <param name="SingleWord">Matches only as a whole word.</param>
/// <param name="Normalized">Matched against normalized text in Hugging Face; matched on the raw text here.</param>
public sealed record AddedToken(int Id, string Content, bool Special = true, bool LeftStrip = false, bool RightStrip = false, bool SingleWord = false, bool Normalized = false);
