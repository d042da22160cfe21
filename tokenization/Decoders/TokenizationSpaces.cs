using System.Text;

namespace SkPlugins.Tokenization.Decoders;

/// <summary>The <c>clean_up_tokenization</c> of transformers and of the WordPiece decoder: removes spaces before punctuation and contractions.</summary>
internal static class TokenizationSpaces
{
    /// <summary>Applies the clean-up.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="wordPiece">Also turns " do not" into " don't", as the Rust WordPiece decoder does.</param>
    public static string CleanUp(string text, bool wordPiece = false)
    {
        if (!text.Contains(' ', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text);
        sb.Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
            .Replace(" n't", "n't").Replace(" 'm", "'m");
        if (wordPiece)
        {
            sb.Replace(" do not", " don't");
        }

        sb.Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re");
        return sb.ToString();
    }
}
