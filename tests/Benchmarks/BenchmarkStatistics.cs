namespace SkPlugins.Benchmarks;

/// <summary>
/// The statistics the benchmarks report: medians, and how far a median of paired ratios can be trusted on a machine whose speed
/// drifts. One implementation for every benchmark.
/// </summary>
internal static class BenchmarkStatistics
{
    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    /// <param name="values">At least one value.</param>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("the median of no values", nameof(values));
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// A 95% percentile-bootstrap interval of the median of <paramref name="groups"/>' pooled values, resampling in two stages:
    /// first the groups (sets of processes), then the values within each drawn group (its turns). Values of one group share what
    /// their processes have in common (where their memory landed), so they are not independent; resampling the groups keeps that
    /// spread in the interval instead of counting every turn as a fresh sample. With one value per group it is the plain bootstrap.
    /// Seeded, so one set of measurements always gives the same interval.
    /// </summary>
    /// <param name="groups">The values, grouped by what they share; at least one non-empty group.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    public static (double Low, double High) MedianInterval(IReadOnlyList<IReadOnlyList<double>> groups, int resamples = 4000)
    {
        var nonEmpty = groups.Where(g => g.Count > 0).ToArray();
        if (nonEmpty.Length == 0)
        {
            throw new ArgumentException("no values to resample", nameof(groups));
        }

        var random = new Random(1);
        var medians = new double[resamples];
        var pooled = new List<double>();
        for (var i = 0; i < resamples; i++)
        {
            pooled.Clear();
            for (var g = 0; g < nonEmpty.Length; g++)
            {
                var group = nonEmpty[random.Next(nonEmpty.Length)];
                for (var v = 0; v < group.Count; v++)
                {
                    pooled.Add(group[random.Next(group.Count)]);
                }
            }

            medians[i] = Median(pooled);
        }

        Array.Sort(medians);
        return (medians[(int)(0.025 * resamples)], medians[(int)(0.975 * resamples) - 1]);
    }
}
