namespace SkPlugins.Host.Serving.Playground;

/// <summary>
/// Projects a few vectors onto their first two principal components (PCA), for the web page's 2D maps: the vectors are centred,
/// the two largest eigenvectors of their n×n Gram matrix are found by power iteration with deflation, and each point's
/// coordinates are its scores on them (so distances in the map are the original distances within that plane).
/// </summary>
public static class PrincipalComponents
{
    private const int Iterations = 300;

    /// <summary>Projects the rows to 2D.</summary>
    /// <param name="rows">The vectors, all of one length (at least one).</param>
    /// <returns>One (x, y) per row, and the share of the total variance each axis explains.</returns>
    /// <exception cref="ArgumentException">No rows, or rows of different lengths.</exception>
    public static (IReadOnlyList<(double X, double Y)> Points, double[] ExplainedVariance) Project(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("at least one vector is needed for a map", nameof(rows));
        }

        var centred = Centre(rows);
        var gram = Gram(centred);
        var total = Enumerable.Range(0, gram.GetLength(0)).Sum(i => gram[i, i]);
        var (first, firstValue) = LargestEigenvector(gram);
        Deflate(gram, first, firstValue);
        var (second, secondValue) = LargestEigenvector(gram);
        var points = Enumerable.Range(0, rows.Count)
            .Select(i => (first[i] * Math.Sqrt(Math.Max(firstValue, 0)), second[i] * Math.Sqrt(Math.Max(secondValue, 0))))
            .ToList();
        double[] explained = total <= 0 ? [0, 0] : [Math.Max(firstValue, 0) / total, Math.Max(secondValue, 0) / total];
        return (points, explained);
    }

    private static double[][] Centre(IReadOnlyList<float[]> rows)
    {
        var dimension = rows[0].Length;
        if (rows.Any(r => r.Length != dimension))
        {
            throw new ArgumentException("the vectors of one map must have the same length", nameof(rows));
        }

        var mean = new double[dimension];
        foreach (var row in rows)
        {
            for (var j = 0; j < dimension; j++)
            {
                mean[j] += row[j] / (double)rows.Count;
            }
        }

        return [.. rows.Select(row => row.Select((v, j) => v - mean[j]).ToArray())];
    }

    private static double[,] Gram(double[][] x)
    {
        var gram = new double[x.Length, x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            for (var k = i; k < x.Length; k++)
            {
                var dot = 0.0;
                for (var j = 0; j < x[i].Length; j++)
                {
                    dot += x[i][j] * x[k][j];
                }

                gram[i, k] = gram[k, i] = dot;
            }
        }

        return gram;
    }

    /// <summary>Power iteration from a fixed start, so the same input always gives the same map; the sign is fixed so the largest coordinate is positive.</summary>
    private static (double[] Vector, double Value) LargestEigenvector(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var vector = Enumerable.Range(0, n).Select(i => 1.0 + (0.1 * i)).ToArray();
        var value = 0.0;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < n; k++)
                {
                    next[i] += matrix[i, k] * vector[k];
                }
            }

            var norm = Math.Sqrt(next.Sum(v => v * v));
            if (norm < 1e-12)
            {
                return (new double[n], 0);
            }

            value = norm / Math.Sqrt(vector.Sum(v => v * v));
            vector = [.. next.Select(v => v / norm)];
        }

        var largest = vector.MaxBy(Math.Abs);
        return (largest < 0 ? [.. vector.Select(v => -v)] : vector, value);
    }

    private static void Deflate(double[,] matrix, double[] vector, double value)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            for (var k = 0; k < vector.Length; k++)
            {
                matrix[i, k] -= value * vector[i] * vector[k];
            }
        }
    }
}
