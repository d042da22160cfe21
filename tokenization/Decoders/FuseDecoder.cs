namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>Fuse</c>: all pieces into one.</summary>
internal sealed class FuseDecoder : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}
