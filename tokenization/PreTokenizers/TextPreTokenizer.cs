using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>
/// A Hugging Face pre-tokenizer as a Microsoft.ML.Tokenizers <see cref="PreTokenizer"/>: splits aligned text into words
/// (and may rewrite them, as Metaspace does), keeping each character's origin.
/// </summary>
internal abstract class TextPreTokenizer : PreTokenizer
{
    /// <summary>Splits <paramref name="piece"/> and appends the words to <paramref name="output"/>.</summary>
    /// <param name="piece">The text between added tokens, normalized.</param>
    /// <param name="isFirst">Whether the piece starts the input (Metaspace's <c>prepend_scheme: first</c>).</param>
    /// <param name="output">Receives the words.</param>
    public abstract void Split(AlignedText piece, bool isFirst, List<AlignedText> output);

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        var words = new List<AlignedText>();
        Split(AlignedText.FromOriginal(text ?? string.Empty, 0, text?.Length ?? 0), true, words);
        return words.Select(w => w.OriginalRange(0, w.Text.Length)).Select(r => (r.Start, r.End - r.Start)).ToList();
    }

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenize(text.ToString());
}
