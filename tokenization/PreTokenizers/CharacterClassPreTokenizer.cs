using System.Globalization;
using SkPlugins.Tokenization.Normalizers;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>
/// The character-class pre-tokenizers of Hugging Face: <c>WhitespaceSplit</c>, <c>BertPreTokenizer</c>,
/// <c>Digits</c>, <c>Punctuation</c> and <c>Whitespace</c> (<c>\w+|[^\w\s]+</c>).
/// </summary>
internal sealed class CharacterClassPreTokenizer : TextPreTokenizer
{
    private readonly Kind _kind;
    private readonly SplitBehavior _behavior;

    private CharacterClassPreTokenizer(Kind kind, SplitBehavior behavior)
    {
        _kind = kind;
        _behavior = behavior;
    }

    private enum Kind
    {
        WhitespaceSplit,
        Bert,
        Digits,
        IndividualDigits,
        Punctuation,
        Whitespace,
    }

    /// <summary><c>WhitespaceSplit</c>: words between whitespace.</summary>
    public static CharacterClassPreTokenizer WhitespaceSplit() => new(Kind.WhitespaceSplit, SplitBehavior.Removed);

    /// <summary><c>BertPreTokenizer</c>: whitespace removed, each punctuation character its own word.</summary>
    public static CharacterClassPreTokenizer Bert() => new(Kind.Bert, SplitBehavior.Isolated);

    /// <summary><c>Digits</c>: digits apart from the rest, one by one when <paramref name="individual"/>.</summary>
    public static CharacterClassPreTokenizer Digits(bool individual) => new(individual ? Kind.IndividualDigits : Kind.Digits, SplitBehavior.Isolated);

    /// <summary><c>Punctuation</c> with a split behaviour.</summary>
    public static CharacterClassPreTokenizer Punctuation(SplitBehavior behavior) => new(Kind.Punctuation, behavior);

    /// <summary><c>Whitespace</c>: <c>\w+|[^\w\s]+</c>.</summary>
    public static CharacterClassPreTokenizer Whitespace() => new(Kind.Whitespace, SplitBehavior.Removed);

    /// <inheritdoc />
    public override void Split(AlignedText piece, bool isFirst, List<AlignedText> output)
    {
        var s = piece.Text;
        var ranges = new List<(int Start, int End)>();
        for (var i = 0; i < s.Length;)
        {
            var n = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            var cp = s.ConvertToUtf32OrSelf(i, n);
            switch (_kind)
            {
                case Kind.WhitespaceSplit:
                    if (UnicodeCategories.IsWhitespace(cp))
                    {
                        ranges.Add((i, i + n));
                    }

                    break;
                case Kind.Bert:
                    if (UnicodeCategories.IsWhitespace(cp))
                    {
                        ranges.Add((i, i + n));
                    }
                    else if (UnicodeCategories.IsBertPunctuation(cp))
                    {
                        ranges.Add((-i - 1, i + n)); // marked: isolated, not removed
                    }

                    break;
                case Kind.Digits or Kind.IndividualDigits:
                    if (UnicodeCategories.IsNumeric(cp))
                    {
                        if (_kind == Kind.Digits && ranges.Count > 0 && ranges[^1].End == i)
                        {
                            ranges[^1] = (ranges[^1].Start, i + n);
                        }
                        else
                        {
                            ranges.Add((i, i + n));
                        }
                    }

                    break;
                case Kind.Punctuation:
                    if (IsPunctuation(cp))
                    {
                        ranges.Add((i, i + n));
                    }

                    break;
                case Kind.Whitespace:
                    break;
            }

            i += n;
        }

        if (_kind == Kind.Whitespace)
        {
            SplitWordsAndSymbols(piece, output);
            return;
        }

        if (_kind == Kind.Bert)
        {
            // Whitespace is removed, punctuation isolated: cut at both, then drop the whitespace words.
            var cuts = ranges.Select(r => r.Start < 0 ? (-r.Start - 1, r.End) : r).ToList();
            var words = new List<AlignedText>();
            Splitter.Split(piece, cuts, SplitBehavior.Isolated, words);
            foreach (var word in words)
            {
                if (!(word.Text.Length > 0 && UnicodeCategories.IsWhitespace(word.Text.ConvertToUtf32OrSelf(0, char.IsHighSurrogate(word.Text[0]) && word.Text.Length > 1 ? 2 : 1))))
                {
                    output.Add(word);
                }
            }

            return;
        }

        Splitter.Split(piece, ranges, _behavior, output);
    }

    private static bool IsPunctuation(int cp) => UnicodeCategories.IsBertPunctuation(cp);

    private static void SplitWordsAndSymbols(AlignedText piece, List<AlignedText> output)
    {
        var s = piece.Text;
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }

            var word = IsWordChar(s[i]);
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && IsWordChar(s[i]) == word)
            {
                i++;
            }

            output.Add(piece.Slice(start, i - start));
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;
}
