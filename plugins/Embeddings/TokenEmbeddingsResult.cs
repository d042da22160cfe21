namespace SkPlugins.Plugins.Embeddings;

/// <summary>A summary of contextual token embeddings: the tokens, the tensor shape and each token vector's length.</summary>
/// <param name="Model">The embedding model.</param>
/// <param name="Tokens">The tokens, special tokens included (e.g. <c>[CLS] hello world [SEP]</c>).</param>
/// <param name="Shape">The last hidden state's shape <c>[1, tokens, dimensions]</c>.</param>
/// <param name="Norms">The L2 norm of each token's vector, rounded to 4 decimals.</param>
/// <param name="Truncated">Whether the text was cut at the model's maximum sequence length.</param>
public sealed record TokenEmbeddingsResult(string Model, IReadOnlyList<string> Tokens, IReadOnlyList<int> Shape, IReadOnlyList<double> Norms, bool Truncated);
