using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// Approximate dot products of a float32 query with 8-bit rows (<see cref="Storage.Int8Rows"/>): each row's codes are widened to
/// float32 16 at a time (AVX-512 sign extension) or 8 at a time (AVX2), multiplied with the query, summed and scaled by the row's
/// scale; other CPUs and the last <c>dimensions % width</c> values take scalar code.
/// </summary>
internal static class Int8Kernels
{
    /// <summary>Writes <c>scale[r] × Σ codes[r, j] · query[j]</c> for each row into <paramref name="scores"/>.</summary>
    /// <param name="query">The query (length = dimensions).</param>
    /// <param name="codes"><c>scores.Length</c> rows of codes.</param>
    /// <param name="scales">One scale per row.</param>
    /// <param name="scores">One approximate dot product per row.</param>
    public static void Dot(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes, ReadOnlySpan<float> scales, Span<float> scores)
    {
        var d = query.Length;
        if ((long)scores.Length * d > codes.Length || scales.Length < scores.Length)
        {
            throw new ArgumentException($"{scores.Length} rows of {d} codes need {(long)scores.Length * d} codes and {scores.Length} scales, got {codes.Length} and {scales.Length}", nameof(codes));
        }

        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(codes);
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = scales[r] * Row(ref q, ref Unsafe.Add(ref c, r * d), d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Row(ref float q, ref sbyte row, int d)
    {
        var j = 0;
        var sum = 0f;
        if (Avx512F.IsSupported && d >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; j + 16 <= d; j += 16)
            {
                var widened = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref row, (nuint)j)));
                acc = Vector512.FusedMultiplyAdd(widened, Vector512.LoadUnsafe(ref q, (nuint)j), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && d >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; j + 8 <= d; j += 8)
            {
                var eight = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref row, j)))).AsSByte();
                var widened = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(eight));
                acc = Vector256.FusedMultiplyAdd(widened, Vector256.LoadUnsafe(ref q, (nuint)j), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; j < d; j++)
        {
            sum += Unsafe.Add(ref row, j) * Unsafe.Add(ref q, j);
        }

        return sum;
    }
}
