namespace SkPlugins.VectorStore.Recommend;

/// <summary>How positive and negative examples become a ranking, as in Qdrant's recommend API.</summary>
public enum RecommendStrategy
{
    /// <summary><c>average_vector</c>: search with <c>avg(positive) + (avg(positive) − avg(negative))</c> (just the positive average without negatives).</summary>
    AverageVector,

    /// <summary><c>best_score</c>: each candidate scores its best similarity to a positive example when that beats its best
    /// similarity to a negative one (as <c>sigmoid(best_positive)</c>), else <c>−sigmoid(best_negative)</c>, with Qdrant's
    /// fast sigmoid <c>0.5·(x/(1+|x|)+1)</c>.</summary>
    BestScore,
}
