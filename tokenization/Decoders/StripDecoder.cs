namespace SkPlugins.Tokenization.Decoders;

/// <summary>Hugging Face <c>Strip</c>: removes up to <c>start</c>/<c>stop</c> copies of a character from each piece.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(token =>
    {
        var s = 0;
        while (s < start && s < token.Length && token[s] == content)
        {
            s++;
        }

        var e = token.Length;
        while (token.Length - e < stop && e > s && token[e - 1] == content)
        {
            e--;
        }

        return token[s..e];
    }).ToList();
}
