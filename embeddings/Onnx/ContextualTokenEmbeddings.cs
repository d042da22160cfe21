namespace SkPlugins.Embeddings.Onnx;

/// <summary>
/// The tokens of one text and the model's last hidden state for them: one context-dependent vector per token,
/// shape <c>[1, tokens, dimensions]</c> (all-MiniLM-L6-v2 on "Hello world": <c>[CLS] hello world [SEP]</c>, <c>[1, 4, 384]</c>).
/// </summary>
public sealed class ContextualTokenEmbeddings
{
    /// <summary>Creates the result.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="tokens">The tokens, special tokens included.</param>
    /// <param name="tokenIds">Their ids.</param>
    /// <param name="values">The hidden state, row-major <c>[tokens, dimensions]</c>.</param>
    /// <param name="dimensions">Values per token.</param>
    /// <param name="truncated">Whether the text was cut at the maximum sequence length.</param>
    public ContextualTokenEmbeddings(string model, IReadOnlyList<string> tokens, IReadOnlyList<int> tokenIds, float[] values, int dimensions, bool truncated)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (tokens.Count != tokenIds.Count || values.Length != tokens.Count * dimensions)
        {
            throw new ArgumentException($"{tokens.Count} tokens, {tokenIds.Count} ids and {values.Length} values do not match {dimensions} dimensions.", nameof(values));
        }

        Model = model;
        Tokens = tokens;
        TokenIds = tokenIds;
        Values = values;
        Dimensions = dimensions;
        Truncated = truncated;
    }

    /// <summary>The model name.</summary>
    public string Model { get; }

    /// <summary>The tokens, special tokens included.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The token ids.</summary>
    public IReadOnlyList<int> TokenIds { get; }

    /// <summary>The hidden state, row-major <c>[tokens, dimensions]</c>.</summary>
    public float[] Values { get; }

    /// <summary>Values per token.</summary>
    public int Dimensions { get; }

    /// <summary>Whether the text was cut at the maximum sequence length.</summary>
    public bool Truncated { get; }

    /// <summary>The tensor shape, as the book prints it: <c>[1, tokens, dimensions]</c>.</summary>
    public IReadOnlyList<int> Shape => [1, Tokens.Count, Dimensions];

    /// <summary>The vector of token <paramref name="index"/>.</summary>
    /// <param name="index">The token position (0 is the classification token).</param>
    public ReadOnlyMemory<float> GetVector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Tokens.Count);
        return Values.AsMemory(index * Dimensions, Dimensions);
    }
}
