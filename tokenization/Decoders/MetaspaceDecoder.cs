namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>Metaspace</c> decoder: <c>▁</c> back to spaces, the first token's leading space dropped.</summary>
internal sealed class MetaspaceDecoder(char replacement, bool dropLeadingSpace) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && dropLeadingSpace && text.StartsWith(' '))
            {
                text = text[1..];
            }

            result.Add(text);
        }

        return result;
    }
}
