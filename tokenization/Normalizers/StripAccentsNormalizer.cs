using System.Globalization;
using System.Text;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>StripAccents</c>: decomposes (NFD) and drops non-spacing marks.</summary>
internal sealed class StripAccentsNormalizer : TextNormalizer
{
    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text) => Strip(text);

    /// <summary>NFD, then removes every <see cref="UnicodeCategory.NonSpacingMark"/>.</summary>
    public static AlignedText Strip(AlignedText text)
    {
        var decomposed = UnicodeFormNormalizer.Apply(text, NormalizationForm.FormD);
        return MapScalars(decomposed, (s, i, n, b) =>
        {
            if (CharUnicodeInfo.GetUnicodeCategory(s.ConvertToUtf32OrSelf(i, n)) != UnicodeCategory.NonSpacingMark)
            {
                b.Append(s.AsSpan(i, n), decomposed.Origins[i]);
            }
        });
    }
}
