namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>WordPiece</c> decoder: <c>##</c> pieces glued on, others after a space, then the clean-up.</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i != 0)
            {
                token = token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
            }

            result.Add(cleanup ? TokenizationSpaces.CleanUp(token, wordPiece: true) : token);
        }

        return result;
    }
}
