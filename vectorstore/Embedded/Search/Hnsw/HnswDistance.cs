using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The distance between two vectors of an HNSW graph, one pair at a time (the graph visits scattered rows, so the block
/// kernels of <see cref="BlockKernels"/>, which score consecutive rows, do not fit): 512-bit fused multiply-adds where the
/// CPU has them, else 256-bit, else 128-bit (SSE, what hnswlib uses when built for baseline x86-64), the last
/// <c>dimensions % width</c> values in scalar code. The accumulation steps are the block kernels' own
/// (<see cref="BlockKernels.DotStep"/>, <see cref="BlockKernels.SquaredDistanceStep"/>), run by <see cref="Sum{TStep}"/>, which the JIT specialises per step.
/// </summary>
internal static class HnswDistance
{
    /// <summary>The distance under <paramref name="metric"/> of the <paramref name="d"/> floats at <paramref name="a"/> and <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float Of(HnswMetric metric, float* a, float* b, int d)
        => metric == HnswMetric.InnerProduct ? 1f - Dot(a, b, d) : SquaredEuclidean(a, b, d);

    /// <summary>The dot product of the <paramref name="d"/> floats at <paramref name="a"/> and <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float Dot(float* a, float* b, int d) => Sum<BlockKernels.DotStep>(a, b, d);

    /// <summary>The squared Euclidean distance of the <paramref name="d"/> floats at <paramref name="a"/> and <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float SquaredEuclidean(float* a, float* b, int d) => Sum<BlockKernels.SquaredDistanceStep>(a, b, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Sum<TStep>(float* a, float* b, int d)
        where TStep : struct, BlockKernels.IStep
    {
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && d >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= d - 16; i += 16)
            {
                acc = TStep.Step(Vector512.Load(a + i), Vector512.Load(b + i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= d - 8; i += 8)
            {
                acc = TStep.Step(Vector256.Load(a + i), Vector256.Load(b + i), acc);
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && d >= 4)
        {
            var acc = Vector128<float>.Zero;
            for (; i <= d - 4; i += 4)
            {
                acc = TStep.Step(Vector128.Load(a + i), Vector128.Load(b + i), acc);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < d; i++)
        {
            sum += TStep.Scalar(a[i], b[i]);
        }

        return sum;
    }
}
