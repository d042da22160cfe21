namespace SkPlugins.VectorStore.Recommend;

/// <summary>The arithmetic of Qdrant's recommend strategies, shared by the embedded store and the tests.</summary>
public static class RecommendMath
{
    /// <summary>The <c>average_vector</c> query: <c>avg(pos) + avg(pos) − avg(neg)</c>, or <c>avg(pos)</c> without negatives.</summary>
    /// <param name="positives">Positive example vectors (as stored).</param>
    /// <param name="negatives">Negative example vectors (as stored).</param>
    public static float[] AverageVector(IReadOnlyList<ReadOnlyMemory<float>> positives, IReadOnlyList<ReadOnlyMemory<float>> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0)
        {
            throw new ArgumentException("recommend needs at least one positive example", nameof(positives));
        }

        var avgPos = Average(positives);
        if (negatives.Count == 0)
        {
            return avgPos;
        }

        var avgNeg = Average(negatives);
        var query = new float[avgPos.Length];
        for (var i = 0; i < query.Length; i++)
        {
            query[i] = avgPos[i] + avgPos[i] - avgNeg[i];
        }

        return query;
    }

    /// <summary>The <c>best_score</c> of a candidate from its best similarities to the positive and negative examples
    /// (negative infinity when there are no negatives).</summary>
    public static float BestScore(float bestPositive, float bestNegative) =>
        bestPositive > bestNegative ? ScaledFastSigmoid(bestPositive) : -ScaledFastSigmoid(bestNegative);

    /// <summary>Qdrant's <c>scaled_fast_sigmoid</c>: <c>0.5·(x/(1+|x|)+1)</c>.</summary>
    public static float ScaledFastSigmoid(float x) => 0.5f * ((x / (1f + MathF.Abs(x))) + 1f);

    private static float[] Average(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var sum = new float[vectors[0].Length];
        foreach (var v in vectors)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(sum, v.Span, sum);
        }

        System.Numerics.Tensors.TensorPrimitives.Divide(sum, vectors.Count, sum);
        return sum;
    }
}
