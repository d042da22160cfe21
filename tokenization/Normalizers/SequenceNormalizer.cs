using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>Sequence</c> normalizer: applies normalizers in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<TextNormalizer> normalizers) : TextNormalizer
{
    /// <summary>The normalizers, in order.</summary>
    public IReadOnlyList<TextNormalizer> Normalizers { get; } = normalizers;

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        foreach (var normalizer in Normalizers)
        {
            text = normalizer.Normalize(text);
        }

        return text;
    }
}
