using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>Hugging Face <c>Sequence</c> pre-tokenizer: each pre-tokenizer splits the words of the previous one.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<TextPreTokenizer> preTokenizers) : TextPreTokenizer
{
    /// <summary>The pre-tokenizers, in order.</summary>
    public IReadOnlyList<TextPreTokenizer> PreTokenizers { get; } = preTokenizers;

    /// <inheritdoc />
    public override void Split(AlignedText piece, bool isFirst, List<AlignedText> output)
    {
        var current = new List<AlignedText> { piece };
        var next = new List<AlignedText>();
        foreach (var preTokenizer in PreTokenizers)
        {
            for (var i = 0; i < current.Count; i++)
            {
                preTokenizer.Split(current[i], isFirst && i == 0, next);
            }

            (current, next) = (next, current);
            next.Clear();
        }

        output.AddRange(current);
    }
}
