using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SkPlugins.Embeddings.Word2Vec;

/// <summary>
/// The few vector operations Word2Vec's inner loop needs, on raw pointers into the weight arrays: 256-bit SIMD (fused multiply-add
/// where the CPU has it) over whole blocks of 8 and a scalar tail. No bounds checks and no allocation; callers guarantee the lengths.
/// </summary>
internal static unsafe class VectorKernels
{
    /// <summary>Σ a[i]·b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        var i = 0;
        var result = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc0 = Vector256.MultiplyAddEstimate(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
                acc1 = Vector256.MultiplyAddEstimate(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), acc1);
            }

            for (; i + 8 <= n; i += 8)
            {
                acc0 = Vector256.MultiplyAddEstimate(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
            }

            result = Vector256.Sum(acc0 + acc1);
        }

        for (; i < n; i++)
        {
            result += a[i] * b[i];
        }

        return result;
    }

    /// <summary>y[i] += alpha·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, float* x, float* y, int n)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.MultiplyAddEstimate(va, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>The negative-sampling update fused in one pass: <c>work += g·out; out += g·input</c> (reads <paramref name="output"/> once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AccumulateAndUpdate(float g, float* input, float* output, float* work, int n)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vg = Vector256.Create(g);
            for (; i + 8 <= n; i += 8)
            {
                var o = Vector256.Load(output + i);
                Vector256.MultiplyAddEstimate(vg, o, Vector256.Load(work + i)).Store(work + i);
                Vector256.MultiplyAddEstimate(vg, Vector256.Load(input + i), o).Store(output + i);
            }
        }

        for (; i < n; i++)
        {
            var o = output[i];
            work[i] += g * o;
            output[i] = o + (g * input[i]);
        }
    }

    /// <summary>x[i] = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(float* x, int n) => new Span<float>(x, n).Clear();

    /// <summary>x[i] *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(float alpha, float* x, int n)
    {
        for (var i = 0; i < n; i++)
        {
            x[i] *= alpha;
        }
    }
}
