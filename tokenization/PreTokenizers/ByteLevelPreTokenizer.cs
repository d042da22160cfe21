using System.Text.RegularExpressions;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face <c>ByteLevel</c> pre-tokenizer: optional prefix space, then (with <c>use_regex</c>) the GPT-2 split.
/// The byte-to-character mapping itself is applied by the BPE model, which is told it is byte-level.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : TextPreTokenizer
{
    private static readonly Regex s_gpt2 = OnigurumaRegex.Create(OnigurumaRegex.Gpt2Pattern);

    /// <summary>Whether a space is put in front of text that does not start with one.</summary>
    public bool AddPrefixSpace { get; } = addPrefixSpace;

    /// <inheritdoc />
    public override void Split(AlignedText piece, bool isFirst, List<AlignedText> output)
    {
        if (AddPrefixSpace && piece.Text.Length > 0 && piece.Text[0] != ' ')
        {
            var origins = new int[piece.Origins.Length + 1];
            origins[0] = piece.Origins[0];
            Array.Copy(piece.Origins, 0, origins, 1, piece.Origins.Length);
            piece = new AlignedText(" " + piece.Text, origins);
        }

        if (useRegex)
        {
            RegexSplitPreTokenizer.SplitAt(piece, s_gpt2, SplitBehavior.Isolated, invert: false, output);
        }
        else if (piece.Text.Length > 0)
        {
            output.Add(piece);
        }
    }
}
