using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>
/// A Hugging Face normalizer as a Microsoft.ML.Tokenizers <see cref="Normalizer"/> that also keeps,
/// for every output character, the index of the input character it came from.
/// </summary>
internal abstract class TextNormalizer : Normalizer
{
    /// <summary>Normalizes aligned text.</summary>
    public abstract AlignedText Normalize(AlignedText text);

    /// <inheritdoc />
    public override string Normalize(string original) => Normalize(AlignedText.FromOriginal(original, 0, original.Length)).Text;

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    /// <summary>Applies <paramref name="map"/> to each Unicode scalar (or lone surrogate) of <paramref name="text"/>.</summary>
    protected static AlignedText MapScalars(AlignedText text, Action<string, int, int, AlignedTextBuilder> map)
    {
        var source = text.Text;
        var builder = new AlignedTextBuilder(source.Length + 8);
        for (var i = 0; i < source.Length;)
        {
            var length = char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]) ? 2 : 1;
            map(source, i, length, builder);
            i += length;
        }

        return builder.Build(text.OriginEnd);
    }
}
