namespace SkPlugins.Embeddings.Onnx;

/// <summary>What happens to a text whose tokens exceed the model's <c>max_seq_length</c>.</summary>
public enum TruncationBehavior
{
    /// <summary>Keep the first tokens (then <c>[SEP]</c>), as sentence-transformers does.</summary>
    Truncate,

    /// <summary>Throw an <see cref="ArgumentException"/> naming the text and its token count.</summary>
    Error,
}
