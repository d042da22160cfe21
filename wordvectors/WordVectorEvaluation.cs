using System.Globalization;

namespace SkPlugins.WordVectors;

/// <summary>
/// gensim 4.2's intrinsic evaluations: <c>evaluate_word_analogies</c> (3CosAdd over <c>questions-words.txt</c>) and
/// <c>evaluate_word_pairs</c> (Pearson/Spearman against human scores such as <c>wordsim353.tsv</c>), with the same vocabulary
/// restriction, case folding and skipping of out-of-vocabulary questions.
/// </summary>
public static class WordVectorEvaluation
{
    /// <summary>The analogy accuracy: for each <c>a b c expected</c> line, the best of the top 5 of <c>b − a + c</c> not among a, b, c must be <c>expected</c>.</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="path">The analogy file (<c>: section</c> lines, then four words per line).</param>
    /// <param name="restrictVocab">Only the first this-many words are used (gensim: 300,000).</param>
    /// <returns>The accuracy over answered questions, the questions answered, and those skipped for unknown words.</returns>
    public static (double Accuracy, int Questions, int Skipped) EvaluateWordAnalogies(KeyedVectors vectors, string path, int restrictVocab = 300_000)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var ok = UpperVocabulary(vectors, restrictVocab);
        int correct = 0, answered = 0, skipped = 0, lineNumber = 0;
        var seenSection = false;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith(": ", StringComparison.Ordinal))
            {
                seenSection = true;
                continue;
            }

            if (!seenSection)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: missing ': section' header before the first question");
            }

            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant()).ToArray();
            if (words.Length != 4)
            {
                continue;
            }

            if (!words.All(ok.ContainsKey))
            {
                skipped++;
                continue;
            }

            var ignore = new HashSet<string>(words[..3], StringComparer.Ordinal);
            string? predicted = null;
            foreach (var candidate in vectors.MostSimilarByIndex([ok[words[1]], ok[words[2]]], [ok[words[0]]], 5, restrictVocab))
            {
                predicted = candidate.Word.ToUpperInvariant();
                if (ok.ContainsKey(predicted) && !ignore.Contains(predicted))
                {
                    break;
                }
            }

            answered++;
            correct += predicted == words[3] ? 1 : 0;
        }

        return (answered == 0 ? 0 : (double)correct / answered, answered, skipped);
    }

    /// <summary>Correlation of the model's cosine similarities with human judgements (tab-separated <c>word1 word2 score</c>, <c>#</c> comments).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="path">The pairs file.</param>
    /// <param name="restrictVocab">Only the first this-many words are used.</param>
    /// <returns>Pearson and Spearman coefficients and the percentage of pairs skipped for unknown words.</returns>
    public static (double Pearson, double Spearman, double OovPercent) EvaluateWordPairs(KeyedVectors vectors, string path, int restrictVocab = 300_000)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var ok = UpperVocabulary(vectors, restrictVocab);
        var gold = new List<double>();
        var model = new List<double>();
        var oov = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                continue;
            }

            if (!ok.TryGetValue(parts[0].ToUpperInvariant(), out var a) || !ok.TryGetValue(parts[1].ToUpperInvariant(), out var b))
            {
                oov++;
                continue;
            }

            gold.Add(score);
            model.Add((float)vectors.SimilarityByIndex(a, b));
        }

        if (gold.Count == 0)
        {
            throw new InvalidDataException($"{path}: no valid pair has both words in the vocabulary");
        }

        return (Pearson(gold, model), Pearson(Ranks(gold), Ranks(model)), 100.0 * oov / (gold.Count + oov));
    }

    private static Dictionary<string, int> UpperVocabulary(KeyedVectors vectors, int restrictVocab)
    {
        var ok = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = Math.Min(restrictVocab, vectors.Count) - 1; i >= 0; i--)
        {
            ok[vectors.Words[i].ToUpperInvariant()] = i;
        }

        return ok;
    }

    private static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Ranks from 1 with ties sharing their average rank (scipy's <c>rankdata</c>).</summary>
    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        return ranks;
    }
}
