using System.Diagnostics;
using SkPlugins.WordVectors;

namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>
/// Trains Word2Vec (skip-gram or CBOW, negative sampling) the way gensim 4.2 does, fast: the corpus is encoded once into one
/// <see cref="int"/> array, the weights are two contiguous pinned <see cref="float"/> arrays, and <see cref="Word2VecOptions.Workers"/>
/// threads take jobs of about <see cref="Word2VecOptions.BatchWords"/> words from a shared counter and update the weights without
/// locks (Hogwild), with SIMD vector operations and no allocation per word.
/// </summary>
/// <remarks>
/// The learning rate decays linearly from alpha to min_alpha over all epochs, set at the start of each job from its position in the
/// corpus (gensim's <c>_get_next_alpha</c>). Each job seeds its random stream from the seed and the job's number, and the initial
/// vectors come from the seed (uniform in [−1, 1) / vector_size, the output weights zero), so one worker gives the same vectors on
/// every run; several workers differ only through Hogwild's races.
/// </remarks>
public sealed class Word2VecTrainer
{
    private readonly Word2VecOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The parameters; validated here.</param>
    public Word2VecTrainer(Word2VecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Builds the vocabulary and trains.</summary>
    /// <param name="sentences">Tokenised sentences (playlists of song ids, for the book); read twice.</param>
    /// <param name="progress">Receives a report about once a second.</param>
    /// <param name="cancellationToken">Stops training between jobs.</param>
    /// <exception cref="InvalidOperationException">The corpus yields an empty vocabulary.</exception>
    public unsafe Word2VecResult Train(IReadOnlyCollection<IReadOnlyList<string>> sentences, IProgress<Word2VecProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var options = _options;
        var vocabulary = Word2VecVocabulary.Build(sentences, options);
        var (tokens, starts) = Encode(sentences, vocabulary);
        var jobs = PlanJobs(starts, options.BatchWords);
        long rawWords = tokens.Length;
        var size = options.VectorSize;
        var count = vocabulary.Words.Length;

        var input = GC.AllocateUninitializedArray<float>(count * size, pinned: true);
        var output = GC.AllocateArray<float>(count * size, pinned: true);
        var random = new Random(options.Seed);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = ((random.NextSingle() * 2f) - 1f) / size;
        }

        var totalJobs = (long)jobs.Count * options.Epochs;
        long nextJob = -1, processedRaw = 0, effective = 0, lastReportTicks = 0;
        Exception? failure = null;
        var clock = Stopwatch.StartNew();
        fixed (float* inputPointer = input)
        fixed (float* outputPointer = output)
        {
            var inPtr = (nint)inputPointer;
            var outPtr = (nint)outputPointer;
            var threads = new Thread[Math.Min(options.Workers, (int)Math.Max(1, totalJobs))];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    try
                    {
                        var worker = new Word2VecWorker(vocabulary, (float*)inPtr, (float*)outPtr, options);
                        long job;
                        while ((job = Interlocked.Increment(ref nextJob)) < totalJobs && failure is null && !cancellationToken.IsCancellationRequested)
                        {
                            var epoch = (int)(job / jobs.Count);
                            var (first, end, rawBefore) = jobs[(int)(job % jobs.Count)];
                            var fraction = (epoch + ((double)rawBefore / rawWords)) / options.Epochs;
                            var alpha = (float)Math.Max(options.MinAlpha, options.Alpha - ((options.Alpha - options.MinAlpha) * fraction));
                            var kept = worker.TrainJob(tokens, starts, first, end, alpha, JobSeed(options.Seed, job));
                            Interlocked.Add(ref effective, kept);
                            var done = Interlocked.Add(ref processedRaw, starts[end] - starts[first]);
                            var now = clock.ElapsedTicks;
                            var last = Interlocked.Read(ref lastReportTicks);
                            if (progress is not null && now - last > Stopwatch.Frequency && Interlocked.CompareExchange(ref lastReportTicks, now, last) == last)
                            {
                                progress.Report(new Word2VecProgress(epoch + 1, options.Epochs, (double)done / (rawWords * options.Epochs),
                                    done / clock.Elapsed.TotalSeconds, alpha));
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }
                })
                { IsBackground = true, Name = $"word2vec-{t}" };
                threads[t].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw new InvalidOperationException($"Word2Vec training failed: {failure.Message}", failure);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var total = rawWords * options.Epochs;
        progress?.Report(new Word2VecProgress(options.Epochs, options.Epochs, 1, total / seconds, options.MinAlpha));
        return new Word2VecResult(new KeyedVectors(vocabulary.Words, input, size), vocabulary.Counts, rawWords, effective, seconds)
        {
            WordsPerSecond = total / seconds,
        };
    }

    /// <summary>Maps every sentence to vocabulary rows (dropping unknown words), concatenated, with sentence start offsets.</summary>
    private static (int[] Tokens, int[] Starts) Encode(IReadOnlyCollection<IReadOnlyList<string>> sentences, Word2VecVocabulary vocabulary)
    {
        var tokens = new List<int>(sentences.Sum(s => s.Count));
        var starts = new List<int>(sentences.Count + 1) { 0 };
        foreach (var sentence in sentences)
        {
            foreach (var word in sentence)
            {
                if (vocabulary.Index.TryGetValue(word, out var index))
                {
                    tokens.Add(index);
                }
            }

            if (tokens.Count != starts[^1])
            {
                starts.Add(tokens.Count);
            }
        }

        return ([.. tokens], [.. starts]);
    }

    /// <summary>Groups whole sentences into jobs of about <paramref name="batchWords"/> words (gensim's <c>_job_producer</c>).</summary>
    private static List<(int First, int End, long RawBefore)> PlanJobs(int[] starts, int batchWords)
    {
        var jobs = new List<(int, int, long)>();
        var sentenceCount = starts.Length - 1;
        var first = 0;
        for (var s = 0; s < sentenceCount; s++)
        {
            var jobWords = starts[s + 1] - starts[first];
            if (s > first && jobWords > batchWords)
            {
                jobs.Add((first, s, starts[first]));
                first = s;
            }
        }

        if (first < sentenceCount)
        {
            jobs.Add((first, sentenceCount, starts[first]));
        }

        return jobs;
    }

    /// <summary>SplitMix64 of (seed, job): an independent, reproducible random stream per job.</summary>
    private static ulong JobSeed(int seed, long job)
    {
        var z = ((ulong)(uint)seed << 32) ^ (ulong)job;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
