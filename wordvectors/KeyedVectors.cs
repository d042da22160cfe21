using SkPlugins.Core.Numerics;
using System.Numerics.Tensors;

namespace SkPlugins.WordVectors;

/// <summary>
/// Words (keys) and their dense vectors, queried the way gensim's <c>KeyedVectors</c> is: <see cref="MostSimilar(string, int, int?)"/>,
/// 3CosAdd <see cref="Analogy"/>, <see cref="Similarity"/> and <see cref="DoesntMatch"/>. Vectors live in one contiguous
/// row-major <see cref="float"/> array; the unit-length norms are computed once on first use.
/// </summary>
/// <remarks>
/// Scores follow gensim 4.2: query keys are unit-normalised, weighted +1 (positive) or −1 (negative), averaged, normalised again,
/// and compared with every row by cosine; the query keys themselves are left out of the results. Raw query vectors are used as given.
/// </remarks>
public sealed class KeyedVectors
{
    private readonly string[] _words;
    private readonly float[] _vectors;
    private readonly Dictionary<string, int> _index;
    private float[]? _norms;

    /// <summary>Creates keyed vectors over <paramref name="vectors"/> (row <c>i</c> belongs to <c>words[i]</c>), without copying.</summary>
    /// <param name="words">The keys, in order (usually by descending frequency).</param>
    /// <param name="vectors">Row-major values, <c>words.Count × dimension</c> long.</param>
    /// <param name="dimension">The vector size.</param>
    /// <exception cref="ArgumentException">Sizes disagree or a word repeats.</exception>
    public KeyedVectors(IReadOnlyList<string> words, float[] vectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)words.Count * dimension != vectors.Length)
        {
            throw new ArgumentException($"{words.Count} words × {dimension} dimensions needs {(long)words.Count * dimension} values, got {vectors.Length}", nameof(vectors));
        }

        _words = [.. words];
        _vectors = vectors;
        Dimension = dimension;
        _index = new Dictionary<string, int>(_words.Length, StringComparer.Ordinal);
        for (var i = 0; i < _words.Length; i++)
        {
            if (!_index.TryAdd(_words[i], i))
            {
                throw new ArgumentException($"word '{_words[i]}' appears twice (rows {_index[_words[i]]} and {i})", nameof(words));
            }
        }
    }

    /// <summary>The number of words.</summary>
    public int Count => _words.Length;

    /// <summary>The vector size.</summary>
    public int Dimension { get; }

    /// <summary>The words in row order (gensim's <c>index_to_key</c>).</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>All vectors, row-major (<see cref="Count"/> × <see cref="Dimension"/>).</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>True when <paramref name="word"/> has a vector.</summary>
    /// <param name="word">The key.</param>
    public bool Contains(string word) => word is not null && _index.ContainsKey(word);

    /// <summary>The row of <paramref name="word"/>, or −1.</summary>
    /// <param name="word">The key.</param>
    public int IndexOf(string word) => word is not null && _index.TryGetValue(word, out var i) ? i : -1;

    /// <summary>The raw vector of <paramref name="word"/>.</summary>
    /// <param name="word">The key.</param>
    /// <exception cref="KeyNotFoundException">The word has no vector.</exception>
    public ReadOnlySpan<float> GetVector(string word) => Row(RequireIndex(word));

    /// <summary>The raw vector in row <paramref name="index"/>.</summary>
    /// <param name="index">The row.</param>
    public ReadOnlySpan<float> GetVector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Row(index);
    }

    /// <summary>The unit-length vector of <paramref name="word"/> (gensim's <c>get_vector(word, norm=True)</c>).</summary>
    /// <param name="word">The key.</param>
    public float[] GetUnitVector(string word)
    {
        var index = RequireIndex(word);
        var result = Row(index).ToArray();
        var norm = Norms()[index];
        if (norm > 0)
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    /// <summary>The <paramref name="top"/> words nearest to <paramref name="word"/>, itself excluded.</summary>
    /// <param name="word">The query word.</param>
    /// <param name="top">How many results.</param>
    /// <param name="restrictVocab">Search only the first this-many rows (gensim's <c>restrict_vocab</c>).</param>
    public IReadOnlyList<WordSimilarity> MostSimilar(string word, int top = 10, int? restrictVocab = null) =>
        MostSimilar([word], [], top, restrictVocab);

    /// <summary>
    /// gensim's <c>most_similar(positive, negative, topn, restrict_vocab)</c>: the words nearest to the mean of the unit vectors of
    /// <paramref name="positive"/> (weight +1) and <paramref name="negative"/> (weight −1); the query words are excluded.
    /// </summary>
    /// <param name="positive">Words that pull towards.</param>
    /// <param name="negative">Words that push away.</param>
    /// <param name="top">How many results; 0 or less gives none.</param>
    /// <param name="restrictVocab">Search only the first this-many rows.</param>
    /// <exception cref="KeyNotFoundException">A word has no vector.</exception>
    /// <exception cref="ArgumentException">No words were given.</exception>
    public IReadOnlyList<WordSimilarity> MostSimilar(IReadOnlyList<string> positive, IReadOnlyList<string>? negative = null, int top = 10, int? restrictVocab = null)
    {
        ArgumentNullException.ThrowIfNull(positive);
        negative ??= [];
        if (top < 1)
        {
            return [];
        }

        if (positive.Count + negative.Count == 0)
        {
            throw new ArgumentException("cannot compute similarity with no input: give at least one positive or negative word", nameof(positive));
        }

        return MostSimilarByIndex([.. positive.Select(RequireIndex)], [.. negative.Select(RequireIndex)], top, restrictVocab);
    }

    /// <summary><see cref="MostSimilar(IReadOnlyList{string}, IReadOnlyList{string}?, int, int?)"/> by row numbers.</summary>
    internal List<WordSimilarity> MostSimilarByIndex(int[] positive, int[] negative, int top, int? restrictVocab)
    {
        var mean = new float[Dimension];
        var exclude = new HashSet<int>();
        foreach (var (index, weight) in positive.Select(i => (i, 1f)).Concat(negative.Select(i => (i, -1f))))
        {
            exclude.Add(index);
            var norm = Norms()[index];
            TensorPrimitives.MultiplyAdd(Row(index), norm > 0 ? weight / norm : 0f, mean, mean);
        }

        TensorPrimitives.Divide(mean, positive.Length + negative.Length, mean);
        return Nearest(mean, top, restrictVocab, exclude);
    }

    /// <summary>
    /// gensim's <c>most_similar([vector], topn)</c> / <c>similar_by_vector</c>: the words nearest to a raw vector; nothing is excluded,
    /// so a word's own vector finds the word itself first (the book's <c>most_similar([model['king']], topn=11)</c>).
    /// </summary>
    /// <param name="vector">The query vector, <see cref="Dimension"/> long.</param>
    /// <param name="top">How many results.</param>
    /// <param name="restrictVocab">Search only the first this-many rows.</param>
    public IReadOnlyList<WordSimilarity> MostSimilarToVector(ReadOnlySpan<float> vector, int top = 10, int? restrictVocab = null)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"the query vector has {vector.Length} values; these vectors have {Dimension}", nameof(vector));
        }

        return top < 1 ? [] : Nearest(vector, top, restrictVocab, exclude: null);
    }

    /// <summary>3CosAdd analogy: <paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to …? (<c>most_similar(positive=[b, c], negative=[a])</c>).</summary>
    /// <param name="a">E.g. <c>man</c>.</param>
    /// <param name="b">E.g. <c>king</c>.</param>
    /// <param name="c">E.g. <c>woman</c>.</param>
    /// <param name="top">How many answers.</param>
    /// <param name="restrictVocab">Search only the first this-many rows.</param>
    public IReadOnlyList<WordSimilarity> Analogy(string a, string b, string c, int top = 1, int? restrictVocab = null) =>
        MostSimilar([b, c], [a], top, restrictVocab);

    /// <summary>Cosine similarity of two words (gensim's <c>similarity</c>).</summary>
    /// <param name="word1">The first word.</param>
    /// <param name="word2">The second word.</param>
    public double Similarity(string word1, string word2) => SimilarityByIndex(RequireIndex(word1), RequireIndex(word2));

    /// <summary>Cosine similarity of two rows.</summary>
    internal double SimilarityByIndex(int i, int j)
    {
        var norms = Norms();
        return norms[i] == 0 || norms[j] == 0 ? 0 : (double)TensorPrimitives.Dot(Row(i), Row(j)) / ((double)norms[i] * norms[j]);
    }

    /// <summary>
    /// Words ranked by cosine to the normalised mean of their unit vectors, most central first (gensim's <c>rank_by_centrality</c>);
    /// unknown words are ignored.
    /// </summary>
    /// <param name="words">The words.</param>
    /// <exception cref="ArgumentException">None of the words has a vector.</exception>
    public IReadOnlyList<WordSimilarity> RankByCentrality(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var used = words.Where(Contains).ToList();
        if (used.Count == 0)
        {
            throw new ArgumentException("cannot select a word from an empty list: none of the words has a vector", nameof(words));
        }

        var units = used.Select(GetUnitVector).ToList();
        var mean = new float[Dimension];
        foreach (var unit in units)
        {
            TensorPrimitives.Add(mean, unit, mean);
        }

        var length = TensorPrimitives.Norm(mean);
        if (length > 0)
        {
            TensorPrimitives.Divide(mean, length, mean);
        }

        return [.. used.Select((w, k) => new WordSimilarity(w, TensorPrimitives.Dot(units[k], mean)))
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Word, StringComparer.Ordinal)];
    }

    /// <summary>The word furthest from the mean of the others (gensim's <c>doesnt_match</c>); unknown words are ignored.</summary>
    /// <param name="words">The words.</param>
    public string DoesntMatch(IEnumerable<string> words) => RankByCentrality(words)[^1].Word;

    /// <summary>The cosine of every row against <paramref name="vector"/> (gensim's <c>most_similar(..., topn=None)</c>).</summary>
    /// <param name="vector">The query, <see cref="Dimension"/> long.</param>
    /// <param name="destination">Receives <see cref="Count"/> scores.</param>
    public void CosineSimilarities(ReadOnlySpan<float> vector, Span<float> destination)
    {
        if (destination.Length < Count)
        {
            throw new ArgumentException($"destination needs {Count} values", nameof(destination));
        }

        var queryNorm = TensorPrimitives.Norm(vector);
        var norms = Norms();
        for (var i = 0; i < Count; i++)
        {
            destination[i] = norms[i] == 0 || queryNorm == 0 ? 0 : TensorPrimitives.Dot(Row(i), vector) / (norms[i] * queryNorm);
        }
    }

    private List<WordSimilarity> Nearest(ReadOnlySpan<float> query, int top, int? restrictVocab, HashSet<int>? exclude)
    {
        var unit = query.ToArray();
        var length = TensorPrimitives.Norm(unit);
        if (length > 0)
        {
            TensorPrimitives.Divide(unit, length, unit);
        }

        var end = restrictVocab is { } r ? Math.Clamp(r, 0, Count) : Count;
        var norms = Norms();
        var keep = top + (exclude?.Count ?? 0);
        var selection = new TopK(keep);
        for (var i = 0; i < end; i++)
        {
            selection.Add(i, norms[i] == 0 ? 0f : TensorPrimitives.Dot(Row(i), unit) / norms[i]);
        }

        var best = selection.Drain();
        return [.. best.Where(b => exclude is null || !exclude.Contains(b.Row)).Take(top).Select(b => new WordSimilarity(_words[b.Row], b.Key))];
    }

    private ReadOnlySpan<float> Row(int index) => _vectors.AsSpan(index * Dimension, Dimension);

    private int RequireIndex(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return _index.TryGetValue(word, out var i) ? i : throw new KeyNotFoundException($"word '{word}' is not in the vocabulary ({Count} words)");
    }

    private float[] Norms()
    {
        if (_norms is { } cached)
        {
            return cached;
        }

        var norms = new float[Count];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = TensorPrimitives.Norm(Row(i));
        }

        return _norms = norms;
    }
}
