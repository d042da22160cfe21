using System.Numerics.Tensors;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>The comparison both parity tests make against a peer package's <c>Encode</c>: every vector 384-d, the lowest cosine at least 0.9999.</summary>
internal static class PeerParity
{
    /// <summary>Asserts that every one of <paramref name="actual"/> has 384 dimensions and a cosine of at least 0.9999 with the peer's.</summary>
    /// <param name="expected">The peer package's vectors.</param>
    /// <param name="actual">Ours, in the same order.</param>
    /// <param name="sentences">The sentences, to name the worst one.</param>
    /// <returns>The lowest cosine and its sentence (for the test's output).</returns>
    public static (double Cosine, string Sentence) AssertMatches(IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual, IReadOnlyList<string> sentences)
    {
        Assert.Equal(sentences.Count, actual.Count);
        var worst = (Cosine: 1.0, Sentence: string.Empty);
        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.Equal(384, actual[i].Length);
            var cosine = (double)TensorPrimitives.CosineSimilarity(expected[i], actual[i]);
            if (cosine < worst.Cosine)
            {
                worst = (cosine, sentences[i]);
            }
        }

        Assert.True(worst.Cosine >= 0.9999, $"cosine {worst.Cosine} < 0.9999 for '{worst.Sentence}'");
        return worst;
    }
}
