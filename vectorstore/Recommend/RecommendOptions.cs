using System.Linq.Expressions;

namespace SkPlugins.VectorStore.Recommend;

/// <summary>Options of a recommend query.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public sealed class RecommendOptions<TRecord>
{
    /// <summary>The strategy (default <see cref="RecommendStrategy.AverageVector"/>).</summary>
    public RecommendStrategy Strategy { get; set; } = RecommendStrategy.AverageVector;

    /// <summary>A filter on the results, e.g. <c>s =&gt; s.Artist != "Queen"</c>.</summary>
    public Expression<Func<TRecord, bool>>? Filter { get; set; }

    /// <summary>How many of the best results to skip.</summary>
    public int Skip { get; set; }

    /// <summary>Whether results carry their vectors.</summary>
    public bool IncludeVectors { get; set; }

    /// <summary>Only results scoring at least this (similarities) are returned.</summary>
    public double? ScoreThreshold { get; set; }
}
