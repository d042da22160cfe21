using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// Scores with Qdrant's conventions: cosine vectors are normalised when stored (so cosine is a dot product), dot product
/// as is, Euclidean and Manhattan as distances (lower is better). All kernels are SIMD through <see cref="TensorPrimitives"/>.
/// </summary>
internal sealed class Similarity
{
    private readonly Kind _kind;

    private Similarity(string distance, bool higherIsBetter)
    {
        Distance = distance;
        HigherIsBetter = higherIsBetter;
        _kind = distance switch
        {
            DistanceFunction.EuclideanDistance => Kind.Euclidean,
            DistanceFunction.ManhattanDistance => Kind.Manhattan,
            _ => Kind.Dot,
        };
    }

    private enum Kind
    {
        Dot,
        Euclidean,
        Manhattan,
    }

    /// <summary>The VectorData distance function.</summary>
    public string Distance { get; }

    /// <summary>True for similarities (cosine, dot), false for distances.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>True when the exact scan can rank on 8-bit codes (dot products: cosine and dot-product similarity).</summary>
    public bool SupportsInt8 => _kind == Kind.Dot;

    /// <summary>True when stored and query vectors are normalised to unit length.</summary>
    public bool Normalizes => Distance == DistanceFunction.CosineSimilarity;

    /// <summary>The similarity for a VectorData distance function name.</summary>
    public static Similarity For(string distance) => distance switch
    {
        DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity => new Similarity(distance, true),
        DistanceFunction.EuclideanDistance or DistanceFunction.ManhattanDistance => new Similarity(distance, false),
        _ => throw new NotSupportedException($"distance function '{distance}' is not supported"),
    };

    /// <summary>Normalises a vector in place when the distance needs it (a zero vector stays zero).</summary>
    public void Prepare(Span<float> vector)
    {
        if (!Normalizes)
        {
            return;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The score of one stored vector against a prepared query.</summary>
    public float Score(ReadOnlySpan<float> query, ReadOnlySpan<float> stored)
    {
        switch (_kind)
        {
            case Kind.Dot:
                return TensorPrimitives.Dot(query, stored);
            case Kind.Euclidean:
                return TensorPrimitives.Distance(query, stored);
            default:
                Span<float> difference = stackalloc float[query.Length <= 1024 ? query.Length : 0];
                if (difference.Length == 0)
                {
                    difference = new float[query.Length];
                }

                TensorPrimitives.Subtract(query, stored, difference);
                return TensorPrimitives.SumOfMagnitudes(difference);
        }
    }

    /// <summary>
    /// Writes the rank keys (larger is better) of consecutive rows (<c>keys.Length</c> rows of a row-major block) for a prepared query:
    /// blocked SIMD kernels for dot products and Euclidean distances, the per-row score for Manhattan distances.
    /// </summary>
    public void RankBlock(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> keys)
    {
        switch (_kind)
        {
            case Kind.Dot:
                BlockKernels.Dot(query, rows, keys);
                return;
            case Kind.Euclidean:
                BlockKernels.SquaredDistance(query, rows, keys);
                TensorPrimitives.Sqrt(keys, keys);
                TensorPrimitives.Negate(keys, keys);
                return;
            default:
                var d = query.Length;
                for (var row = 0; row < keys.Length; row++)
                {
                    keys[row] = RankKey(Score(query, rows.Slice(row * d, d)));
                }

                return;
        }
    }

    /// <summary>True when <paramref name="score"/> passes a VectorData score threshold (at least it for similarities, at most for distances).</summary>
    public bool Passes(float score, double? threshold) =>
        threshold is not { } t || (HigherIsBetter ? score >= t : score <= t);

    /// <summary>Maps a score to a key where larger is always better.</summary>
    public float RankKey(float score) => HigherIsBetter ? score : -score;
}
