using System.Text.RegularExpressions;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>Replace</c>: replaces every match of a literal string or a regular expression.</summary>
internal sealed class ReplaceNormalizer(Regex pattern, string content) : TextNormalizer
{
    /// <summary>The pattern (a literal string is escaped).</summary>
    public Regex Pattern { get; } = pattern;

    /// <summary>The replacement.</summary>
    public string Content { get; } = content;

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        var source = text.Text;
        var match = Pattern.Match(source);
        if (!match.Success)
        {
            return text;
        }

        var builder = new AlignedTextBuilder(source.Length + 8);
        var last = 0;
        for (; match.Success; match = match.NextMatch())
        {
            if (match.Length == 0)
            {
                continue;
            }

            for (var k = last; k < match.Index; k++)
            {
                builder.Append(source[k], text.Origins[k]);
            }

            builder.Append(Content, text.Origins[match.Index]);
            last = match.Index + match.Length;
        }

        for (var k = last; k < source.Length; k++)
        {
            builder.Append(source[k], text.Origins[k]);
        }

        return builder.Build(text.OriginEnd);
    }
}
