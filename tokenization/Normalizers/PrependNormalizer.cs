using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>Hugging Face <c>Prepend</c>: puts a string in front of non-empty text (Llama's "▁").</summary>
internal sealed class PrependNormalizer(string prepend) : TextNormalizer
{
    /// <summary>What is put in front.</summary>
    public string Prepend { get; } = prepend;

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        if (text.Text.Length == 0)
        {
            return text;
        }

        var origins = new int[text.Origins.Length + Prepend.Length];
        for (var i = 0; i < Prepend.Length; i++)
        {
            origins[i] = text.Origins[0];
        }

        Array.Copy(text.Origins, 0, origins, Prepend.Length, text.Origins.Length);
        return new AlignedText(Prepend + text.Text, origins);
    }
}
