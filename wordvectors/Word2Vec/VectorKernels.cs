using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>
/// The vector operations Word2Vec's inner loop needs, on raw pointers into the weight arrays. The plain kernels (dot, axpy, scale,
/// clear) are <see cref="TensorPrimitives"/>; the negative-sampling update stays a hand-written fused loop
/// (<see cref="AccumulateAndUpdate"/>) because it reads the output row once for two updates, where two TensorPrimitives calls
/// would read it twice. With TensorPrimitives for the plain kernels, one epoch of the playlists took 4.4 and 3.3 CPU s against
/// 4.8 and 3.5 CPU s for the former hand-written ones, interleaved runs of
/// <c>dotnet run -c Release --project tests/Benchmarks -- wordvectors --no-gensim --epochs 1</c>. No allocation; callers guarantee the lengths.
/// </summary>
internal static unsafe class VectorKernels
{
    /// <summary>Σ a[i]·b[i] (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n) => TensorPrimitives.Dot(new ReadOnlySpan<float>(a, n), new ReadOnlySpan<float>(b, n));

    /// <summary>y[i] += alpha·x[i] (<see cref="TensorPrimitives.MultiplyAdd(ReadOnlySpan{float}, float, ReadOnlySpan{float}, Span{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, float* x, float* y, int n)
    {
        var target = new Span<float>(y, n);
        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x, n), alpha, target, target);
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

    /// <summary>x[i] *= alpha (<see cref="TensorPrimitives.Multiply(ReadOnlySpan{float}, float, Span{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(float alpha, float* x, int n)
    {
        var target = new Span<float>(x, n);
        TensorPrimitives.Multiply(target, alpha, target);
    }
}
