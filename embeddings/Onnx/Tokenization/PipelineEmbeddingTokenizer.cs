using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Embeddings.Onnx.Tokenization;

/// <summary>
/// The embedding models' tokenizer: the project's one Hugging Face pipeline (<see cref="PipelineTokenizer"/>, from
/// <c>tokenizer.json</c> — WordPiece, BPE or Unigram — or from a BERT <c>vocab.txt</c>), with the special tokens its
/// post-processor adds. Truncation keeps the post-processor's closing tokens (BERT's <c>[SEP]</c>, RoBERTa's <c>&lt;/s&gt;</c>).
/// </summary>
internal sealed class PipelineEmbeddingTokenizer : IEmbeddingTokenizer
{
    private readonly PipelineTokenizer _tokenizer;

    /// <summary>Wraps a pipeline.</summary>
    /// <param name="tokenizer">The pipeline.</param>
    /// <param name="padToken">The padding token named by the model's configuration, if any; else <c>[PAD]</c>, <c>&lt;pad&gt;</c>, then id 0.</param>
    public PipelineEmbeddingTokenizer(PipelineTokenizer tokenizer, string? padToken)
    {
        _tokenizer = tokenizer;
        PaddingId = new[] { padToken, "[PAD]", "<pad>" }.Select(t => t is null ? null : tokenizer.TokenToId(t)).FirstOrDefault(id => id is not null) ?? 0;
        Suffix = ClosingSpecialTokens(tokenizer);
    }

    /// <inheritdoc />
    public int VocabularySize => _tokenizer.VocabularySize;

    /// <inheritdoc />
    public IReadOnlyList<int> Suffix { get; }

    /// <inheritdoc />
    public int PaddingId { get; }

    /// <inheritdoc />
    /// <remarks>Unpaired surrogates (invalid UTF-16) are replaced by U+FFFD first, as a UTF-8 round trip does in Python.</remarks>
    public IReadOnlyList<int> EncodeToIds(string text) => _tokenizer.EncodeToIds(ReplaceLoneSurrogates(text), addSpecialTokens: true);

    /// <inheritdoc />
    public string GetToken(int id) => _tokenizer.IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, $"token id must be below {VocabularySize}");

    /// <inheritdoc />
    public int? GetId(string token) => _tokenizer.TokenToId(token);

    /// <summary>Returns <paramref name="text"/> with every unpaired surrogate replaced by U+FFFD (the same string when there are none).</summary>
    /// <param name="text">Any string, possibly invalid UTF-16.</param>
    internal static string ReplaceLoneSurrogates(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>The ids the post-processor appends after the text: what follows the text's own ids in an encoding with special tokens.</summary>
    private static int[] ClosingSpecialTokens(PipelineTokenizer tokenizer)
    {
        const string probe = "a";
        var plain = tokenizer.EncodeToIds(probe, addSpecialTokens: false);
        var full = tokenizer.EncodeToIds(probe, addSpecialTokens: true);
        for (var start = 0; start + plain.Count <= full.Count; start++)
        {
            if (full.Skip(start).Take(plain.Count).SequenceEqual(plain))
            {
                return [.. full.Skip(start + plain.Count)];
            }
        }

        return [];
    }
}
