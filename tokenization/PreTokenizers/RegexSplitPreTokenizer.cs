using System.Text.RegularExpressions;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

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
        if (behavior == SplitBehavior.Isolated && !invert)
        {
            // Fast path (ByteLevel, most Split pre-tokenizers): every match and every gap is a word.
            var last = 0;
            foreach (var m in pattern.EnumerateMatches(piece.Text))
            {
                if (m.Length == 0)
                {
                    continue;
                }

                if (m.Index > last)
                {
                    output.Add(piece.Slice(last, m.Index - last));
                }

                output.Add(m.Index == 0 && m.Length == piece.Text.Length ? piece : piece.Slice(m.Index, m.Length));
                last = m.Index + m.Length;
            }

            if (last < piece.Text.Length)
            {
                output.Add(last == 0 ? piece : piece.Slice(last, piece.Text.Length - last));
            }

            return;
        }

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
