using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>Metaspace</c>: replaces spaces by <c>▁</c>, prepends one (always, only at the start of the input, or never)
/// and, when <c>split</c>, cuts before each <c>▁</c>.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, MetaspacePrependScheme prependScheme, bool split) : TextPreTokenizer
{
    /// <summary>The space replacement, usually <c>▁</c>.</summary>
    public char Replacement { get; } = replacement;

    /// <summary>When a replacement is put in front.</summary>
    public MetaspacePrependScheme PrependScheme { get; } = prependScheme;

    /// <inheritdoc />
    public override void Split(AlignedText piece, bool isFirst, List<AlignedText> output)
    {
        var text = piece.Text.Replace(' ', Replacement);
        var origins = piece.Origins;
        var prepend = text.Length > 0 && text[0] != Replacement
            && (PrependScheme == MetaspacePrependScheme.Always || (PrependScheme == MetaspacePrependScheme.First && isFirst && piece.Origins[0] == 0));
        if (prepend)
        {
            origins = new int[piece.Origins.Length + 1];
            origins[0] = piece.Origins[0];
            Array.Copy(piece.Origins, 0, origins, 1, piece.Origins.Length);
            text = Replacement + text;
        }

        var replaced = new AlignedText(text, origins);
        if (!split)
        {
            if (text.Length > 0)
            {
                output.Add(replaced);
            }

            return;
        }

        var ranges = new List<(int Start, int End)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == Replacement)
            {
                ranges.Add((i, i + 1));
            }
        }

        Splitter.Split(replaced, ranges, SplitBehavior.MergedWithNext, output);
    }
}
