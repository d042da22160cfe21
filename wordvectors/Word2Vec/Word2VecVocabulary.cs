namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>
/// The vocabulary exactly as gensim 4.2 builds it (<c>Word2Vec.scan_vocab</c>, <c>prepare_vocab</c>, <c>make_cum_table</c>):
/// counts, <c>max_vocab_size</c> pruning, <c>min_count</c>, descending-count order, downsampling thresholds and the noise table.
/// </summary>
internal sealed class Word2VecVocabulary
{
    /// <summary>gensim's noise table spans [0, 2^31 − 1].</summary>
    private const double CumTableDomain = int.MaxValue;

    /// <summary>log2 of the number of buckets in <see cref="NoiseBuckets"/>.</summary>
    private const int BucketBits = 16;

    private Word2VecVocabulary(string[] words, long[] counts, uint[] sampleInt, uint[] cumTable)
    {
        var max = cumTable[^1];
        while (max != 0 && ((max - 1) >> NoiseShift) >= (1u << BucketBits))
        {
            NoiseShift++;
        }

        NoiseBuckets = new int[(1 << BucketBits) + 1];
        for (int b = 0, index = 0; b < NoiseBuckets.Length; b++)
        {
            var start = (ulong)b << NoiseShift;
            while (index < cumTable.Length - 1 && cumTable[index] < start)
            {
                index++;
            }

            NoiseBuckets[b] = index;
        }

        Words = words;
        Counts = counts;
        SampleInt = sampleInt;
        CumTable = cumTable;
        Index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            Index[words[i]] = i;
        }
    }

    /// <summary>Words by descending count; ties in reverse first-seen order, as gensim's reversed <c>argsort</c> leaves them on small vocabularies.</summary>
    public string[] Words { get; }

    /// <summary>Corpus counts, aligned with <see cref="Words"/>.</summary>
    public long[] Counts { get; }

    /// <summary>Word → row.</summary>
    public Dictionary<string, int> Index { get; }

    /// <summary>
    /// Keep-probability × (2^32 − 1) per word. gensim: with threshold <c>t = sample × total</c>, a word seen <c>v</c> times is kept with
    /// probability <c>(sqrt(v / t) + 1) × t / v</c>, capped at 1; a word is dropped when <c>SampleInt[w] &lt; random uint32</c>.
    /// </summary>
    public uint[] SampleInt { get; }

    /// <summary>
    /// The cumulative noise distribution: <c>CumTable[i] = round(Σ_{j≤i} count_j^0.75 / Σ count^0.75 × (2^31 − 1))</c>; a noise word is
    /// the first index whose entry exceeds a uniform draw in [0, CumTable[^1]) (gensim's <c>bisect_left</c>).
    /// </summary>
    public uint[] CumTable { get; }

    /// <summary>
    /// A shortcut into <see cref="CumTable"/> giving the same answer as a binary search without its unpredictable branches: a draw
    /// <c>r</c> starts at <c>NoiseBuckets[r &gt;&gt; NoiseShift]</c> (the first entry not below the bucket's start) and steps forward
    /// while <c>CumTable[i] &lt; r</c>, usually zero or one step.
    /// </summary>
    public int[] NoiseBuckets { get; }

    /// <summary>The shift that maps a draw to its bucket in <see cref="NoiseBuckets"/>.</summary>
    public int NoiseShift { get; }

    /// <summary>The noise word for a draw <paramref name="r"/> in [0, CumTable[^1]): gensim's <c>bisect_left(cum_table, r)</c>.</summary>
    /// <param name="r">The draw.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int NoiseWord(uint r)
    {
        var table = CumTable;
        var index = NoiseBuckets[r >> NoiseShift];
        while (table[index] < r)
        {
            index++;
        }

        return index;
    }

    /// <summary>Builds the vocabulary from tokenised sentences.</summary>
    /// <param name="sentences">The corpus.</param>
    /// <param name="options">min_count, max_vocab_size, sample, ns_exponent.</param>
    public static Word2VecVocabulary Build(IEnumerable<IReadOnlyList<string>> sentences, Word2VecOptions options)
    {
        // scan_vocab: count, and prune whenever the table outgrows max_vocab_size (removing counts < min_reduce, which then grows by one).
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        long order = 0;
        var minReduce = 1;
        foreach (var sentence in sentences)
        {
            foreach (var word in sentence)
            {
                if (counts.TryGetValue(word, out var c))
                {
                    counts[word] = c + 1;
                }
                else
                {
                    counts[word] = 1;
                    firstSeen.TryAdd(word, order++);
                }
            }

            if (options.MaxVocabSize is { } max && counts.Count > max)
            {
                foreach (var rare in counts.Where(kv => kv.Value < minReduce).Select(kv => kv.Key).ToList())
                {
                    counts.Remove(rare);
                }

                minReduce++;
            }
        }

        // prepare_vocab: keep count >= min_count; sort_by_descending_frequency (argsort of counts, reversed).
        var retained = counts.Where(kv => kv.Value >= options.MinCount)
            .OrderByDescending(kv => kv.Value).ThenByDescending(kv => firstSeen[kv.Key]).ToArray();
        if (retained.Length == 0)
        {
            throw new InvalidOperationException($"the vocabulary is empty: no word occurs at least min_count={options.MinCount} times in the corpus");
        }

        var words = retained.Select(kv => kv.Key).ToArray();
        var wordCounts = retained.Select(kv => kv.Value).ToArray();
        double retainTotal = wordCounts.Sum();
        var threshold = options.Sample switch
        {
            0 => retainTotal,
            < 1.0 => options.Sample * retainTotal,
            _ => Math.Floor(options.Sample * (3 + Math.Sqrt(5)) / 2),
        };
        var sampleInt = new uint[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            double v = wordCounts[i];
            var probability = Math.Min(1.0, (Math.Sqrt(v / threshold) + 1) * (threshold / v));
            sampleInt[i] = (uint)(probability * uint.MaxValue);
        }

        // make_cum_table
        var cumTable = new uint[words.Length];
        var powTotal = wordCounts.Sum(c => Math.Pow(c, options.NsExponent));
        var cumulative = 0.0;
        for (var i = 0; i < words.Length; i++)
        {
            cumulative += Math.Pow(wordCounts[i], options.NsExponent);
            cumTable[i] = (uint)Math.Round(cumulative / powTotal * CumTableDomain, MidpointRounding.ToEven);
        }

        return new Word2VecVocabulary(words, wordCounts, sampleInt, cumTable);
    }
}
