using System.Globalization;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>
/// Hugging Face <c>BertNormalizer</c>: removes control characters and maps whitespace to spaces, puts spaces around CJK
/// ideographs, strips accents (NFD then drop non-spacing marks) and lowercases, in that order.
/// </summary>
internal sealed class BertTextNormalizer(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase) : TextNormalizer
{
    private readonly bool _stripAccents = stripAccents ?? lowercase;

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        if (cleanText || handleChineseChars)
        {
            text = MapScalars(text, (s, i, n, b) =>
            {
                var cp = s.ConvertToUtf32OrSelf(i, n);
                var origin = text.Origins[i];
                if (cleanText)
                {
                    if (cp == 0 || cp == 0xFFFD || IsControl(cp))
                    {
                        return;
                    }

                    if (UnicodeCategories.IsWhitespace(cp))
                    {
                        b.Append(' ', origin);
                        return;
                    }
                }

                if (handleChineseChars && UnicodeCategories.IsCjk(cp))
                {
                    b.Append(' ', origin);
                    b.Append(s.AsSpan(i, n), origin);
                    b.Append(' ', origin);
                    return;
                }

                b.Append(s.AsSpan(i, n), origin);
            });
        }

        if (_stripAccents)
        {
            text = StripAccentsNormalizer.Strip(text);
        }

        if (lowercase)
        {
            text = LowercaseNormalizer.Lower(text);
        }

        return text;
    }

    private static bool IsControl(int cp)
    {
        if (cp is '\t' or '\n' or '\r')
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned;
    }
}
