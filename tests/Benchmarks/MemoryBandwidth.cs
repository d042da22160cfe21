using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace SkPlugins.Benchmarks;

/// <summary>A STREAM-like read test: the GB/s at which one and all cores sum a buffer far larger than the caches.</summary>
internal static class MemoryBandwidth
{
    /// <summary>The best read rate of <paramref name="rounds"/> passes over <paramref name="bytes"/> bytes with <paramref name="threads"/> threads, GB/s (10⁹ bytes).</summary>
    public static double ReadGigabytesPerSecond(long bytes, int threads, int rounds = 5)
    {
        var buffer = new float[bytes / sizeof(float)];
        for (var i = 0; i < buffer.Length; i += 1024)
        {
            buffer[i] = i; // touch every page so the pass measures reads, not page faults
        }

        var best = double.MaxValue;
        var sink = 0f;
        for (var round = 0; round < rounds + 1; round++)
        {
            var watch = Stopwatch.StartNew();
            var partial = new float[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var per = buffer.Length / threads;
                partial[t] = Sum(buffer.AsSpan(t * per, t == threads - 1 ? buffer.Length - (t * per) : per));
            });
            var seconds = watch.Elapsed.TotalSeconds;
            sink += partial.Sum();
            if (round > 0)
            {
                best = Math.Min(best, seconds);
            }
        }

        GC.KeepAlive(sink);
        return bytes / best / 1e9;
    }

    private static float Sum(ReadOnlySpan<float> values)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = 0;
        for (; i + 32 <= values.Length; i += 32)
        {
            a0 += Vector256.Create(values.Slice(i, 8));
            a1 += Vector256.Create(values.Slice(i + 8, 8));
            a2 += Vector256.Create(values.Slice(i + 16, 8));
            a3 += Vector256.Create(values.Slice(i + 24, 8));
        }

        var sum = Vector256.Sum(a0 + a1 + a2 + a3);
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}
