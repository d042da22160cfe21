namespace SkPlugins.Tokenization.Decoders;

/// <summary>A Hugging Face decoder: turns token strings back into text pieces (<c>decode_chain</c>); the pieces are then concatenated.</summary>
internal abstract class TokenDecoder
{
    /// <summary>Transforms the token strings.</summary>
    public abstract List<string> DecodeChain(List<string> tokens);
}
