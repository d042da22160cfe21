namespace SkPlugins.Embeddings.Onnx.Pooling;

/// <summary>How the token vectors of a sentence become one sentence vector (sentence-transformers' <c>Pooling</c> module).</summary>
public enum PoolingMode
{
    /// <summary>The mean of the vectors of the real (attention-mask 1) tokens: <c>pooling_mode_mean_tokens</c>.</summary>
    Mean,

    /// <summary>The vector of the first token (<c>[CLS]</c>): <c>pooling_mode_cls_token</c>.</summary>
    Cls,

    /// <summary>The element-wise maximum over the real tokens: <c>pooling_mode_max_tokens</c>.</summary>
    Max,
}
