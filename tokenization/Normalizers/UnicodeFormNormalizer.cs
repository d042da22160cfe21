using System.Globalization;
using System.Text;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>NFC</c>, <c>NFD</c>, <c>NFKC</c> and <c>NFKD</c> normalizers.</summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : TextNormalizer
{
    /// <summary>The Unicode normalization form.</summary>
    public NormalizationForm Form { get; } = form;

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text) => Apply(text, Form);

    /// <summary>Normalizes grapheme cluster by grapheme cluster so each output character keeps its cluster's origin.</summary>
    public static AlignedText Apply(AlignedText text, NormalizationForm form)
    {
        var source = text.Text;
        if (IsNormalizedSafe(source, form))
        {
            return text;
        }

        var builder = new AlignedTextBuilder(source.Length + 8);
        for (var i = 0; i < source.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(source, i);
            if (length <= 0)
            {
                length = 1;
            }

            var cluster = source.Substring(i, length);
            string normalized;
            try
            {
                normalized = cluster.Normalize(form);
            }
            catch (ArgumentException)
            {
                normalized = cluster; // lone surrogates cannot be normalized: keep them
            }

            if (normalized.Length == cluster.Length)
            {
                for (var k = 0; k < normalized.Length; k++)
                {
                    builder.Append(normalized[k], text.Origins[i + k]);
                }
            }
            else
            {
                builder.Append(normalized, text.Origins[i]);
            }

            i += length;
        }

        return builder.Build(text.OriginEnd);
    }

    private static bool IsNormalizedSafe(string text, NormalizationForm form)
    {
        try
        {
            return text.IsNormalized(form);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
