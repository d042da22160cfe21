namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>
/// Word2Vec training parameters, named and defaulted as in gensim 4.2's <c>Word2Vec(...)</c> so gensim users recognise them.
/// The book trains songs with <c>vector_size=32, window=20, negative=50, min_count=1</c> and the rest at these defaults.
/// </summary>
public sealed class Word2VecOptions
{
    /// <summary>gensim <c>vector_size</c>: the dimension of the vectors (default 100).</summary>
    public int VectorSize { get; set; } = 100;

    /// <summary>gensim <c>window</c>: the largest distance between the centre and a context word; each position draws a reduced window in [1, window] (default 5).</summary>
    public int Window { get; set; } = 5;

    /// <summary>gensim <c>min_count</c>: words seen fewer times are dropped (default 5).</summary>
    public int MinCount { get; set; } = 5;

    /// <summary>gensim <c>max_vocab_size</c>: while counting, whenever more distinct words than this are held, the rarest are pruned (null: no limit).</summary>
    public int? MaxVocabSize { get; set; }

    /// <summary>gensim <c>sample</c>: the frequency threshold above which words are randomly downsampled (default 1e-3; 0 disables).</summary>
    public double Sample { get; set; } = 1e-3;

    /// <summary>gensim <c>negative</c>: noise words drawn per positive example (default 5; must be ≥ 1: hierarchical softmax is not implemented).</summary>
    public int Negative { get; set; } = 5;

    /// <summary>gensim <c>ns_exponent</c>: the power applied to counts in the noise distribution (default 0.75).</summary>
    public double NsExponent { get; set; } = 0.75;

    /// <summary>gensim <c>alpha</c>: the initial learning rate (default 0.025).</summary>
    public double Alpha { get; set; } = 0.025;

    /// <summary>gensim <c>min_alpha</c>: the learning rate decays linearly to this over all epochs (default 0.0001).</summary>
    public double MinAlpha { get; set; } = 0.0001;

    /// <summary>gensim <c>epochs</c>: passes over the corpus (default 5).</summary>
    public int Epochs { get; set; } = 5;

    /// <summary>gensim <c>workers</c>: training threads sharing the weights without locks (Hogwild; default 3).</summary>
    public int Workers { get; set; } = 3;

    /// <summary>gensim <c>seed</c>: seeds the initial vectors and every job's random stream; with one worker training is deterministic (default 1).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>gensim <c>sg</c>: true for skip-gram, false (gensim's default) for CBOW.</summary>
    public bool SkipGram { get; set; }

    /// <summary>gensim <c>cbow_mean</c>: CBOW averages (true, the default) or sums (false) the context vectors.</summary>
    public bool CbowMean { get; set; } = true;

    /// <summary>gensim <c>batch_words</c>: target words per job; a sentence longer than this is truncated to it (default 10,000).</summary>
    public int BatchWords { get; set; } = 10_000;

    /// <summary>Checks every value, naming the first bad parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public void Validate()
    {
        Require(VectorSize >= 1, nameof(VectorSize), VectorSize, "vector_size must be at least 1");
        Require(Window >= 1, nameof(Window), Window, "window must be at least 1");
        Require(MinCount >= 1, nameof(MinCount), MinCount, "min_count must be at least 1");
        Require(MaxVocabSize is null or >= 1, nameof(MaxVocabSize), MaxVocabSize, "max_vocab_size must be at least 1");
        Require(Sample >= 0, nameof(Sample), Sample, "sample must be 0 or more");
        Require(Negative >= 1, nameof(Negative), Negative, "negative must be at least 1 (hierarchical softmax is not implemented)");
        Require(Alpha > 0, nameof(Alpha), Alpha, "alpha must be positive");
        Require(MinAlpha >= 0 && MinAlpha <= Alpha, nameof(MinAlpha), MinAlpha, "min_alpha must be between 0 and alpha");
        Require(Epochs >= 1, nameof(Epochs), Epochs, "epochs must be at least 1");
        Require(Workers >= 1, nameof(Workers), Workers, "workers must be at least 1");
        Require(BatchWords >= 1, nameof(BatchWords), BatchWords, "batch_words must be at least 1");
    }

    private static void Require(bool condition, string name, object? value, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }
}
