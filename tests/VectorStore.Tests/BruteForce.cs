namespace SkPlugins.VectorStore.Tests;

/// <summary>An independent reference: double-precision cosine and Qdrant's recommend formulas written out.</summary>
internal static class BruteForce
{
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    public static List<(T Item, double Score)> Rank<T>(IEnumerable<T> items, Func<T, double> score) =>
        items.Select(i => (i, score(i))).OrderByDescending(p => p.Item2).ToList();

    public static float[] AverageQuery(IReadOnlyList<float[]> positives, IReadOnlyList<float[]> negatives)
    {
        var d = positives[0].Length;
        var unit = (float[] v) => { var n = Math.Sqrt(v.Sum(x => (double)x * x)); return v.Select(x => x / n).ToArray(); };
        var avg = (IReadOnlyList<float[]> vs) => Enumerable.Range(0, d).Select(i => vs.Select(unit).Average(v => v[i])).ToArray();
        var p = avg(positives);
        if (negatives.Count == 0)
        {
            return p.Select(x => (float)x).ToArray();
        }

        var n = avg(negatives);
        return Enumerable.Range(0, d).Select(i => (float)(p[i] + p[i] - n[i])).ToArray();
    }

    public static double BestScore(ReadOnlySpan<float> candidate, IReadOnlyList<float[]> positives, IReadOnlyList<float[]> negatives)
    {
        var bestPositive = double.NegativeInfinity;
        foreach (var p in positives)
        {
            bestPositive = Math.Max(bestPositive, Cosine(candidate, p));
        }

        var bestNegative = double.NegativeInfinity;
        foreach (var n in negatives)
        {
            bestNegative = Math.Max(bestNegative, Cosine(candidate, n));
        }

        static double Sigmoid(double x) => 0.5 * ((x / (1 + Math.Abs(x))) + 1);
        return bestPositive > bestNegative ? Sigmoid(bestPositive) : -Sigmoid(bestNegative);
    }
}
