using System.Text.RegularExpressions;

namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>Replace</c> decoder.</summary>
internal sealed class ReplaceDecoder(Regex pattern, string content) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Replace(t, content)).ToList();
}
