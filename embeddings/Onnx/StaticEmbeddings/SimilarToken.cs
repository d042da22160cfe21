namespace SkPlugins.Embeddings.Onnx.StaticEmbeddings;

/// <summary>A vocabulary token and its cosine similarity to a query token in the input embedding matrix.</summary>
/// <param name="Token">The token as in the vocabulary (e.g. <c>kings</c>, <c>##ing</c>).</param>
/// <param name="Id">Its id.</param>
/// <param name="Similarity">Cosine similarity in [-1, 1].</param>
public sealed record SimilarToken(string Token, int Id, float Similarity);
