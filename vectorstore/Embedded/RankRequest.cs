using System.Linq.Expressions;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>What one ranking asks for.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <param name="Top">How many results.</param>
/// <param name="Skip">How many of the best to skip first.</param>
/// <param name="Filter">A filter records must pass (Qdrant's filter subset).</param>
/// <param name="ScoreThreshold">The worst score kept.</param>
/// <param name="IncludeVectors">Whether results carry their vectors.</param>
/// <param name="Mode">Exact, approximate, or chosen by size.</param>
internal sealed record RankRequest<TRecord>(int Top, int Skip, Expression<Func<TRecord, bool>>? Filter, double? ScoreThreshold, bool IncludeVectors, EmbeddedSearchMode Mode);
