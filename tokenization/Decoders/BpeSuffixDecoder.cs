namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>BPEDecoder</c>: the end-of-word suffix becomes a space (none after the last token).</summary>
internal sealed class BpeSuffixDecoder(string suffix) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? string.Empty : " ", StringComparison.Ordinal)).ToList();
}
