using System.Text.RegularExpressions;
using SkPlugins.Embeddings.Tokenization.Pipeline;

namespace SkPlugins.Embeddings.Tokenization.PreTokenizers;

/// <summary>Hugging Face <c>Split</c> (and the regex half of <c>ByteLevel</c>): splits at the matches of a pattern.</summary>
internal sealed class RegexSplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : TextPreTokenizer
{
    /// <summary>The pattern.</summary>
    public Regex Pattern { get; } = pattern;

    /// <inheritdoc />
    public override void Split(AlignedText piece, bool isFirst, List<AlignedText> output) =>
        SplitAt(piece, Pattern, behavior, invert, output);

    /// <summary>Splits <paramref name="piece"/> at the matches of <paramref name="pattern"/>.</summary>
    public static void SplitAt(AlignedText piece, Regex pattern, SplitBehavior behavior, bool invert, List<AlignedText> output)
    {
        var ranges = new List<(int Start, int End)>();
        for (var m = pattern.Match(piece.Text); m.Success; m = m.NextMatch())
        {
            if (m.Length > 0)
            {
                ranges.Add((m.Index, m.Index + m.Length));
            }
        }

        if (invert)
        {
            var inverted = new List<(int Start, int End)>();
            var last = 0;
            foreach (var (start, end) in ranges)
            {
                if (start > last)
                {
                    inverted.Add((last, start));
                }

                last = end;
            }

            if (last < piece.Text.Length)
            {
                inverted.Add((last, piece.Text.Length));
            }

            ranges = inverted;
        }

        Splitter.Split(piece, ranges, behavior, output);
    }
}
