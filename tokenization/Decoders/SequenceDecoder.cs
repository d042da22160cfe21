namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>Sequence</c> decoder.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoder> decoders) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        foreach (var decoder in decoders)
        {
            tokens = decoder.DecodeChain(tokens);
        }

        return tokens;
    }
}
