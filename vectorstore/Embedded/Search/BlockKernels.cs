using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// Scores a block of consecutive rows of a row-major matrix against one query: four rows at a time with one accumulator each
/// (the query chunk is loaded once for the four), in 512-bit vectors where the CPU has them, else 256-bit, the last
/// <c>dimensions % width</c> values in scalar code; so any dimension works and no row allocates. Without SIMD it falls back to
/// <see cref="TensorPrimitives"/> per row.
/// </summary>
internal static class BlockKernels
{
    /// <summary>Writes the dot product of <paramref name="query"/> with each row of <paramref name="rows"/> into <paramref name="scores"/>.</summary>
    /// <param name="query">The query (length = dimensions).</param>
    /// <param name="rows"><c>scores.Length</c> rows of <c>query.Length</c> values each.</param>
    /// <param name="scores">One score per row.</param>
    public static void Dot(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores) => Run<DotStep>(query, rows, scores);

    /// <summary>Writes the squared Euclidean distance of <paramref name="query"/> to each row of <paramref name="rows"/> into <paramref name="scores"/>.</summary>
    /// <param name="query">The query (length = dimensions).</param>
    /// <param name="rows"><c>scores.Length</c> rows of <c>query.Length</c> values each.</param>
    /// <param name="scores">One squared distance per row.</param>
    public static void SquaredDistance(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores) => Run<SquaredDistanceStep>(query, rows, scores);

    private static void Run<TStep>(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores)
        where TStep : struct, IStep
    {
        var d = query.Length;
        if ((long)scores.Length * d > rows.Length)
        {
            throw new ArgumentException($"{scores.Length} rows of {d} values need {(long)scores.Length * d} values, got {rows.Length}", nameof(rows));
        }

        if (Vector512.IsHardwareAccelerated && d >= Vector512<float>.Count)
        {
            Rows512<TStep>(query, rows, scores);
        }
        else if (Vector256.IsHardwareAccelerated && d >= Vector256<float>.Count)
        {
            Rows256<TStep>(query, rows, scores);
        }
        else
        {
            for (var r = 0; r < scores.Length; r++)
            {
                scores[r] = TStep.Row(query, rows.Slice(r * d, d));
            }
        }
    }

    private static void Rows512<TStep>(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores)
        where TStep : struct, IStep
    {
        var d = query.Length;
        var full = d - (d % Vector512<float>.Count);
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(rows);
        var n = scores.Length;
        var r = 0;
        for (; r + 4 <= n; r += 4)
        {
            ref var r0 = ref Unsafe.Add(ref m, r * d);
            ref var r1 = ref Unsafe.Add(ref r0, d);
            ref var r2 = ref Unsafe.Add(ref r1, d);
            ref var r3 = ref Unsafe.Add(ref r2, d);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var j = 0; j < full; j += Vector512<float>.Count)
            {
                var qv = Vector512.LoadUnsafe(ref q, (nuint)j);
                a0 = TStep.Step(Vector512.LoadUnsafe(ref r0, (nuint)j), qv, a0);
                a1 = TStep.Step(Vector512.LoadUnsafe(ref r1, (nuint)j), qv, a1);
                a2 = TStep.Step(Vector512.LoadUnsafe(ref r2, (nuint)j), qv, a2);
                a3 = TStep.Step(Vector512.LoadUnsafe(ref r3, (nuint)j), qv, a3);
            }

            scores[r] = Vector512.Sum(a0) + Tail<TStep>(ref q, ref r0, full, d);
            scores[r + 1] = Vector512.Sum(a1) + Tail<TStep>(ref q, ref r1, full, d);
            scores[r + 2] = Vector512.Sum(a2) + Tail<TStep>(ref q, ref r2, full, d);
            scores[r + 3] = Vector512.Sum(a3) + Tail<TStep>(ref q, ref r3, full, d);
        }

        for (; r < n; r++)
        {
            ref var row = ref Unsafe.Add(ref m, r * d);
            Vector512<float> a = default;
            for (var j = 0; j < full; j += Vector512<float>.Count)
            {
                a = TStep.Step(Vector512.LoadUnsafe(ref row, (nuint)j), Vector512.LoadUnsafe(ref q, (nuint)j), a);
            }

            scores[r] = Vector512.Sum(a) + Tail<TStep>(ref q, ref row, full, d);
        }
    }

    private static void Rows256<TStep>(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores)
        where TStep : struct, IStep
    {
        var d = query.Length;
        var full = d - (d % Vector256<float>.Count);
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(rows);
        var n = scores.Length;
        var r = 0;
        for (; r + 4 <= n; r += 4)
        {
            ref var r0 = ref Unsafe.Add(ref m, r * d);
            ref var r1 = ref Unsafe.Add(ref r0, d);
            ref var r2 = ref Unsafe.Add(ref r1, d);
            ref var r3 = ref Unsafe.Add(ref r2, d);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var j = 0; j < full; j += Vector256<float>.Count)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)j);
                a0 = TStep.Step(Vector256.LoadUnsafe(ref r0, (nuint)j), qv, a0);
                a1 = TStep.Step(Vector256.LoadUnsafe(ref r1, (nuint)j), qv, a1);
                a2 = TStep.Step(Vector256.LoadUnsafe(ref r2, (nuint)j), qv, a2);
                a3 = TStep.Step(Vector256.LoadUnsafe(ref r3, (nuint)j), qv, a3);
            }

            scores[r] = Vector256.Sum(a0) + Tail<TStep>(ref q, ref r0, full, d);
            scores[r + 1] = Vector256.Sum(a1) + Tail<TStep>(ref q, ref r1, full, d);
            scores[r + 2] = Vector256.Sum(a2) + Tail<TStep>(ref q, ref r2, full, d);
            scores[r + 3] = Vector256.Sum(a3) + Tail<TStep>(ref q, ref r3, full, d);
        }

        for (; r < n; r++)
        {
            ref var row = ref Unsafe.Add(ref m, r * d);
            Vector256<float> a = default;
            for (var j = 0; j < full; j += Vector256<float>.Count)
            {
                a = TStep.Step(Vector256.LoadUnsafe(ref row, (nuint)j), Vector256.LoadUnsafe(ref q, (nuint)j), a);
            }

            scores[r] = Vector256.Sum(a) + Tail<TStep>(ref q, ref row, full, d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TStep>(ref float q, ref float row, int from, int d)
        where TStep : struct, IStep
    {
        var sum = 0f;
        for (var j = from; j < d; j++)
        {
            sum += TStep.Scalar(Unsafe.Add(ref row, j), Unsafe.Add(ref q, j));
        }

        return sum;
    }

    /// <summary>One accumulation step of a kernel, at each width (also run pair by pair by <see cref="Hnsw.HnswDistance"/>).</summary>
    internal interface IStep
    {
        static abstract Vector512<float> Step(Vector512<float> row, Vector512<float> query, Vector512<float> acc);

        static abstract Vector256<float> Step(Vector256<float> row, Vector256<float> query, Vector256<float> acc);

        static abstract Vector128<float> Step(Vector128<float> row, Vector128<float> query, Vector128<float> acc);

        static abstract float Scalar(float row, float query);

        static abstract float Row(ReadOnlySpan<float> query, ReadOnlySpan<float> row);
    }

    /// <summary>The dot product step.</summary>
    internal readonly struct DotStep : IStep
    {
        public static Vector512<float> Step(Vector512<float> row, Vector512<float> query, Vector512<float> acc) => Vector512.FusedMultiplyAdd(row, query, acc);

        public static Vector256<float> Step(Vector256<float> row, Vector256<float> query, Vector256<float> acc) => Vector256.FusedMultiplyAdd(row, query, acc);

        public static Vector128<float> Step(Vector128<float> row, Vector128<float> query, Vector128<float> acc) => acc + (row * query);

        public static float Scalar(float row, float query) => row * query;

        public static float Row(ReadOnlySpan<float> query, ReadOnlySpan<float> row) => TensorPrimitives.Dot(query, row);
    }

    /// <summary>The squared Euclidean distance step.</summary>
    internal readonly struct SquaredDistanceStep : IStep
    {
        public static Vector512<float> Step(Vector512<float> row, Vector512<float> query, Vector512<float> acc)
        {
            var diff = row - query;
            return Vector512.FusedMultiplyAdd(diff, diff, acc);
        }

        public static Vector256<float> Step(Vector256<float> row, Vector256<float> query, Vector256<float> acc)
        {
            var diff = row - query;
            return Vector256.FusedMultiplyAdd(diff, diff, acc);
        }

        public static Vector128<float> Step(Vector128<float> row, Vector128<float> query, Vector128<float> acc)
        {
            var diff = row - query;
            return acc + (diff * diff);
        }

        public static float Scalar(float row, float query) => (row - query) * (row - query);

        public static float Row(ReadOnlySpan<float> query, ReadOnlySpan<float> row)
        {
            var distance = TensorPrimitives.Distance(query, row);
            return distance * distance;
        }
    }
}
