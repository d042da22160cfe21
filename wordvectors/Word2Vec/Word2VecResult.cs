using SkPlugins.WordVectors;

namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>A trained model's word vectors and how the training went.</summary>
/// <param name="Vectors">The input vectors (gensim's <c>model.wv</c>), ordered by descending count.</param>
/// <param name="Counts">Each word's corpus count, aligned with <see cref="KeyedVectors.Words"/>.</param>
/// <param name="RawWords">Corpus words per epoch (after the vocabulary filter, before downsampling), like gensim's "raw words".</param>
/// <param name="EffectiveWords">Words actually trained on, all epochs, after downsampling.</param>
/// <param name="Seconds">Training time, vocabulary building excluded.</param>
public sealed record Word2VecResult(KeyedVectors Vectors, IReadOnlyList<long> Counts, long RawWords, long EffectiveWords, double Seconds)
{
    /// <summary>Raw words processed per second over all epochs (<c>RawWords × epochs / Seconds</c>).</summary>
    public double WordsPerSecond { get; init; }
}
