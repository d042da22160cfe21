namespace SkPlugins.Host.Serving.Playground;

/// <summary>A 2D map (PCA) of a few word or song vectors.</summary>
/// <param name="Points">The points, in the order asked for.</param>
/// <param name="ExplainedVariance">The share of the variance of these vectors along x and along y.</param>
/// <param name="Source">Where the vectors came from (a file or a vector store collection).</param>
public sealed record VectorMap(IReadOnlyList<MapPoint> Points, IReadOnlyList<double> ExplainedVariance, string Source);
