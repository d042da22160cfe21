using SkPlugins.Embeddings.Onnx.StaticEmbeddings;

namespace SkPlugins.Plugins.Embeddings;

/// <summary>The vocabulary tokens nearest to a token in the model's static input embedding matrix.</summary>
/// <param name="Model">The embedding model.</param>
/// <param name="Token">The query token.</param>
/// <param name="Similar">The nearest tokens, best first.</param>
public sealed record SimilarTokensResult(string Model, string Token, IReadOnlyList<SimilarToken> Similar);
