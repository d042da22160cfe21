using System.Text;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>Lowercase</c>: Unicode lowercase, character by character (as Rust's <c>char::to_lowercase</c>).</summary>
internal sealed class LowercaseNormalizer : TextNormalizer
{
    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text) => Lower(text);

    /// <summary>Lowercases each scalar; U+0130 becomes "i̇" as in Rust.</summary>
    public static AlignedText Lower(AlignedText text) => MapScalars(text, (s, i, n, b) =>
    {
        var origin = text.Origins[i];
        if (n == 1)
        {
            var c = s[i];
            if (c == '\u0130')
            {
                b.Append("i\u0307", origin);
            }
            else
            {
                b.Append(char.ToLowerInvariant(c), origin);
            }

            return;
        }

        var rune = new Rune(s[i], s[i + 1]);
        Span<char> buffer = stackalloc char[2];
        var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer);
        b.Append(buffer[..written], origin);
    });
}
