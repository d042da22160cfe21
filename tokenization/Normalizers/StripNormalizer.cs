using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>Strip</c>: removes whitespace on the left and/or right.</summary>
internal sealed class StripNormalizer(bool left, bool right) : TextNormalizer
{
    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        var s = text.Text;
        var start = 0;
        var end = s.Length;
        while (left && start < end && UnicodeCategories.IsWhitespace(s[start]))
        {
            start++;
        }

        while (right && end > start && UnicodeCategories.IsWhitespace(s[end - 1]))
        {
            end--;
        }

        return start == 0 && end == s.Length ? text : text.Slice(start, end - start);
    }
}
