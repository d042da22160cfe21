namespace SkPlugins.Embeddings.Onnx.Tokenization;

/// <summary>
/// The one seam between the encoders and a tokenizer: ids with the model's special tokens, and the vocabulary.
/// Implemented once, over the project's Hugging Face pipeline (<see cref="PipelineEmbeddingTokenizer"/>).
/// </summary>
internal interface IEmbeddingTokenizer
{
    /// <summary>The vocabulary size (rows of the embedding matrix).</summary>
    int VocabularySize { get; }

    /// <summary>The special tokens that close every sequence (BERT's <c>[SEP]</c>); a truncated sequence keeps them.</summary>
    IReadOnlyList<int> Suffix { get; }

    /// <summary>The id used for padding.</summary>
    int PaddingId { get; }

    /// <summary>Encodes <paramref name="text"/> with the model's special tokens, without truncation.</summary>
    /// <param name="text">The text.</param>
    IReadOnlyList<int> EncodeToIds(string text);

    /// <summary>The token string of <paramref name="id"/>.</summary>
    /// <param name="id">A vocabulary id.</param>
    string GetToken(int id);

    /// <summary>The id of a vocabulary entry, or null.</summary>
    /// <param name="token">A token exactly as in the vocabulary (e.g. <c>##ing</c>).</param>
    int? GetId(string token);
}
