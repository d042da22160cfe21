using System.Numerics.Tensors;

namespace SkPlugins.Embeddings.Onnx.Pooling;

/// <summary>Attention-mask-aware pooling of a padded batch of hidden states, and L2 normalisation.</summary>
internal static class EmbeddingPooler
{
    /// <summary>Pools one row of a <c>[batch, sequence, dimensions]</c> hidden-state buffer.</summary>
    /// <param name="hidden">The whole batch, row-major.</param>
    /// <param name="row">The sentence's row in the batch.</param>
    /// <param name="sequenceLength">The padded sequence length of the batch.</param>
    /// <param name="tokenCount">How many leading positions are real tokens (the rest is padding, mask 0).</param>
    /// <param name="mode">The pooling mode.</param>
    /// <param name="destination">Receives the sentence vector (length = dimensions).</param>
    public static void Pool(ReadOnlySpan<float> hidden, int row, int sequenceLength, int tokenCount, PoolingMode mode, Span<float> destination)
    {
        var dimensions = destination.Length;
        var rowStart = row * sequenceLength * dimensions;
        switch (mode)
        {
            case PoolingMode.Cls:
                hidden.Slice(rowStart, dimensions).CopyTo(destination);
                break;
            case PoolingMode.Max:
                hidden.Slice(rowStart, dimensions).CopyTo(destination);
                for (var t = 1; t < tokenCount; t++)
                {
                    TensorPrimitives.Max(destination, hidden.Slice(rowStart + (t * dimensions), dimensions), destination);
                }

                break;
            default:
                destination.Clear();
                for (var t = 0; t < tokenCount; t++)
                {
                    TensorPrimitives.Add(destination, hidden.Slice(rowStart + (t * dimensions), dimensions), destination);
                }

                TensorPrimitives.Multiply(destination, 1f / Math.Max(tokenCount, 1), destination);
                break;
        }
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 length in place (a zero vector stays zero).</summary>
    /// <param name="vector">The vector.</param>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 1e-12f)
        {
            TensorPrimitives.Multiply(vector, 1f / norm, vector);
        }
    }
}
