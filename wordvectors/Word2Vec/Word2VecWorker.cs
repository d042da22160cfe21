using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>
/// One training thread: gensim's <c>word2vec_inner.pyx</c> (<c>train_batch_sg</c>/<c>train_batch_cbow</c> with negative sampling) in C#.
/// It reads and writes the shared weights without locks (Hogwild), and owns its scratch buffers, so the inner loop never allocates.
/// </summary>
/// <remarks>
/// Per job (a run of whole sentences): every word is kept with its <see cref="Word2VecVocabulary.SampleInt"/> probability; each kept
/// position draws a reduced window <c>b</c> uniform in [0, window) and uses context positions within <c>window − b</c>, never across a
/// sentence. Skip-gram trains the input vector of each context word to predict the centre word; CBOW trains the mean of the context
/// vectors to predict it. Each prediction is one positive and <c>negative</c> noise targets drawn from the 0.75-power table, with
/// <c>g = (label − σ(x·y)) · alpha</c> (σ from gensim's 1,000-entry table over [−6, 6]; dot products outside it are skipped).
/// The random stream is gensim's 48-bit linear congruential generator.
/// </remarks>
internal sealed unsafe class Word2VecWorker
{
    private const int ExpTableSize = 1000;
    private const float MaxExp = 6f;
    private static readonly float[] s_expTable = BuildExpTable();

    private readonly Word2VecVocabulary _vocabulary;
    private readonly float* _input;
    private readonly float* _output;
    private readonly int _size;
    private readonly int _window;
    private readonly int _negative;
    private readonly bool _skipGram;
    private readonly bool _cbowMean;
    private readonly bool _sample;
    private readonly float[] _work;
    private readonly float[] _neu1;
    private readonly int[] _sentence;
    private readonly int[] _reduced;
    private readonly int[] _targets;
    private ulong _nextRandom;

    public Word2VecWorker(Word2VecVocabulary vocabulary, float* input, float* output, Word2VecOptions options)
    {
        _vocabulary = vocabulary;
        _input = input;
        _output = output;
        _size = options.VectorSize;
        _window = options.Window;
        _negative = options.Negative;
        _skipGram = options.SkipGram;
        _cbowMean = options.CbowMean;
        _sample = options.Sample > 0;
        _work = GC.AllocateArray<float>(_size, pinned: true);
        _neu1 = GC.AllocateArray<float>(_size, pinned: true);
        _sentence = new int[options.BatchWords];
        _reduced = new int[options.BatchWords];
        _targets = new int[options.Negative + 1];
    }

    /// <summary>Trains on sentences <c>[first, end)</c> of the corpus at a fixed learning rate; returns the words kept after downsampling.</summary>
    public long TrainJob(int[] tokens, int[] sentenceStarts, int first, int end, float alpha, ulong seed)
    {
        _nextRandom = seed & 0xFFFF_FFFF_FFFFUL;
        long effective = 0;
        var sampleInt = _vocabulary.SampleInt;
        for (var s = first; s < end; s++)
        {
            var n = 0;
            var stop = Math.Min(sentenceStarts[s + 1], sentenceStarts[s] + _sentence.Length);
            for (var t = sentenceStarts[s]; t < stop; t++)
            {
                var word = tokens[t];
                if (_sample && sampleInt[word] < RandomInt32())
                {
                    continue;
                }

                _sentence[n++] = word;
            }

            for (var i = 0; i < n; i++)
            {
                _reduced[i] = (int)(RandomInt32() % (uint)_window);
            }

            effective += n;
            if (_skipGram)
            {
                TrainSkipGram(n, alpha);
            }
            else
            {
                TrainCbow(n, alpha);
            }
        }

        return effective;
    }

    private void TrainSkipGram(int n, float alpha)
    {
        fixed (float* work = _work)
        {
            for (var i = 0; i < n; i++)
            {
                var b = _reduced[i];
                var from = Math.Max(0, i - _window + b);
                var to = Math.Min(n, i + _window + 1 - b);
                for (var j = from; j < to; j++)
                {
                    if (j != i)
                    {
                        var l1 = _input + ((long)_sentence[j] * _size);
                        NegativeSampling(_sentence[i], l1, work, alpha);
                        VectorKernels.Axpy(1f, work, l1, _size);
                    }
                }
            }
        }
    }

    private void TrainCbow(int n, float alpha)
    {
        fixed (float* work = _work)
        fixed (float* neu1 = _neu1)
        {
            for (var i = 0; i < n; i++)
            {
                var b = _reduced[i];
                var from = Math.Max(0, i - _window + b);
                var to = Math.Min(n, i + _window + 1 - b);
                VectorKernels.Clear(neu1, _size);
                var count = 0;
                for (var j = from; j < to; j++)
                {
                    if (j != i)
                    {
                        VectorKernels.Axpy(1f, _input + ((long)_sentence[j] * _size), neu1, _size);
                        count++;
                    }
                }

                if (count == 0)
                {
                    continue;
                }

                var inverse = 1f / count;
                if (_cbowMean)
                {
                    VectorKernels.Scale(inverse, neu1, _size);
                }

                NegativeSampling(_sentence[i], neu1, work, alpha);
                if (!_cbowMean)
                {
                    VectorKernels.Scale(inverse, work, _size);
                }

                for (var j = from; j < to; j++)
                {
                    if (j != i)
                    {
                        VectorKernels.Axpy(1f, work, _input + ((long)_sentence[j] * _size), _size);
                    }
                }
            }
        }
    }

    /// <summary>
    /// gensim's <c>fast_sentence_*_neg</c>: one positive target and <c>negative</c> noise targets against <paramref name="l1"/>; the
    /// input-side gradient is written to <paramref name="work"/>. The noise words are drawn first (the same random sequence gensim
    /// consumes) so their output rows can be prefetched while the first dot products run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NegativeSampling(int target, float* l1, float* work, float alpha)
    {
        var vocabulary = _vocabulary;
        var cumMax = vocabulary.CumTable[^1];
        var targets = _targets;
        var count = 0;
        targets[count++] = target;
        for (var d = 0; d < _negative; d++)
        {
            var noise = vocabulary.NoiseWord((uint)(_nextRandom >> 16) % cumMax);
            _nextRandom = ((_nextRandom * 25214903917UL) + 11UL) & 0xFFFF_FFFF_FFFFUL;
            if (noise != target)
            {
                targets[count++] = noise;
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(_output + ((long)noise * _size));
                }
            }
        }

        if (_size == 32 && Vector256.IsHardwareAccelerated)
        {
            Update32(targets, count, l1, work, alpha);
            return;
        }

        VectorKernels.Clear(work, _size);
        var expTable = s_expTable;
        for (var k = 0; k < count; k++)
        {
            var l2 = _output + ((long)targets[k] * _size);
            var f = VectorKernels.Dot(l1, l2, _size);
            if (f <= -MaxExp || f >= MaxExp)
            {
                continue;
            }

            var g = ((k == 0 ? 1f : 0f) - expTable[(int)((f + MaxExp) * (ExpTableSize / MaxExp / 2))]) * alpha;
            VectorKernels.AccumulateAndUpdate(g, l1, l2, work, _size);
        }
    }

    /// <summary>The same update for 32-dimensional vectors (the book's size), with the input vector and gradient held in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Update32(int[] targets, int count, float* l1, float* work, float alpha)
    {
        var expTable = s_expTable;
        Vector256<float> n0 = Vector256.Load(l1), n1 = Vector256.Load(l1 + 8), n2 = Vector256.Load(l1 + 16), n3 = Vector256.Load(l1 + 24);
        Vector256<float> w0 = default, w1 = default, w2 = default, w3 = default;
        for (var k = 0; k < count; k++)
        {
            var l2 = _output + ((long)targets[k] * 32);
            Vector256<float> o0 = Vector256.Load(l2), o1 = Vector256.Load(l2 + 8), o2 = Vector256.Load(l2 + 16), o3 = Vector256.Load(l2 + 24);
            var dot = Vector256.MultiplyAddEstimate(n0, o0, n1 * o1) + Vector256.MultiplyAddEstimate(n2, o2, n3 * o3);
            var f = Vector256.Sum(dot);
            if (f <= -MaxExp || f >= MaxExp)
            {
                continue;
            }

            var g = Vector256.Create(((k == 0 ? 1f : 0f) - expTable[(int)((f + MaxExp) * (ExpTableSize / MaxExp / 2))]) * alpha);
            w0 = Vector256.MultiplyAddEstimate(g, o0, w0);
            w1 = Vector256.MultiplyAddEstimate(g, o1, w1);
            w2 = Vector256.MultiplyAddEstimate(g, o2, w2);
            w3 = Vector256.MultiplyAddEstimate(g, o3, w3);
            Vector256.MultiplyAddEstimate(g, n0, o0).Store(l2);
            Vector256.MultiplyAddEstimate(g, n1, o1).Store(l2 + 8);
            Vector256.MultiplyAddEstimate(g, n2, o2).Store(l2 + 16);
            Vector256.MultiplyAddEstimate(g, n3, o3).Store(l2 + 24);
        }

        w0.Store(work);
        w1.Store(work + 8);
        w2.Store(work + 16);
        w3.Store(work + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint RandomInt32()
    {
        var value = (uint)(_nextRandom >> 16);
        _nextRandom = ((_nextRandom * 25214903917UL) + 11UL) & 0xFFFF_FFFF_FFFFUL;
        return value;
    }

    private static float[] BuildExpTable()
    {
        var table = new float[ExpTableSize];
        for (var i = 0; i < ExpTableSize; i++)
        {
            var e = Math.Exp(((i / (double)ExpTableSize * 2) - 1) * MaxExp);
            table[i] = (float)(e / (e + 1));
        }

        return table;
    }
}
