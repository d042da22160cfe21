using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkPlugins.Core.Artifacts;
using SkPlugins.Embeddings.Onnx.Pooling;
using SkPlugins.Core.Onnx;
using SkPlugins.Embeddings.Onnx.Runtime;
using SkPlugins.Embeddings.Onnx.SentenceTransformers;
using SkPlugins.Embeddings.Onnx.StaticEmbeddings;
using SkPlugins.Embeddings.Onnx.Tokenization;

namespace SkPlugins.Embeddings.Onnx;

/// <summary>
/// One loaded sentence-transformers model: its tokenizer, its single ONNX Runtime session and its pooling configuration.
/// Sentence vectors (length-sorted batches, dynamic padding, mask-aware pooling), contextual token vectors and the
/// static input embedding matrix all come from here. Thread-safe.
/// </summary>
public sealed class OnnxEmbeddingModel : IDisposable
{
    private readonly TransformerEncoder _encoder;
    private readonly IEmbeddingTokenizer _tokenizer;
    private readonly EmbeddingModelSource _source;
    private readonly OnnxEmbeddingOptions _options;
    private readonly Lazy<StaticTokenEmbeddings> _static;

    private OnnxEmbeddingModel(EmbeddingModelSource source, OnnxEmbeddingOptions options, ILogger logger)
    {
        _source = source;
        _options = options;
        _tokenizer = new PipelineEmbeddingTokenizer(source.Tokenizer, source.PadToken);
        var settings = new OnnxSessionSettings(options.ExecutionProvider, options.CudaDeviceId, options.GraphOptimizationLevel, options.IntraOpThreads);
        var (session, onCuda) = OnnxSessionFactory.Create(source.ReadModel(), source.ModelLocation, settings, logger);
        _encoder = new TransformerEncoder(session, source.ModelLocation);
        ExecutionProvider = onCuda ? $"CUDA (device {options.CudaDeviceId})" : "CPU";
        Config = source.Config with
        {
            Pooling = options.Pooling ?? source.Config.Pooling,
            Normalize = options.Normalize ?? source.Config.Normalize,
            MaxSequenceLength = options.MaxSequenceLength ?? source.Config.MaxSequenceLength,
        };
        try
        {
            if (Config.MaxSequenceLength < 3)
            {
                throw new ArgumentOutOfRangeException(nameof(options), Config.MaxSequenceLength, "MaxSequenceLength must be at least 3 (two special tokens and one more).");
            }

            Dimensions = _encoder.DeclaredDimensions ?? _encoder.Run([_tokenizer.EncodeToIds("a")], _tokenizer.PaddingId).Dimensions;
        }
        catch
        {
            _encoder.Dispose();
            throw;
        }

        _static = new Lazy<StaticTokenEmbeddings>(ReadStaticEmbeddings, LazyThreadSafetyMode.ExecutionAndPublication);
        logger.LogInformation(
            "Embedding model {Model} loaded from {Location} on {Provider}: {Dimensions} dimensions, {Pooling} pooling, normalize {Normalize}, max {MaxSequenceLength} tokens",
            source.Name, source.ModelLocation, ExecutionProvider, Dimensions, Config.Pooling, Config.Normalize, Config.MaxSequenceLength);
    }

    /// <summary>The model name (a Hub repo id).</summary>
    public string Name => _source.Name;

    /// <summary>The sentence vector length.</summary>
    public int Dimensions { get; }

    /// <summary>The effective configuration: the model's, with the options' overrides applied.</summary>
    public SentenceTransformerConfig Config { get; }

    /// <summary>The model's prompts from <c>config_sentence_transformers.json</c> (e.g. <c>query</c> → <c>"query: "</c>), put before a text when named.</summary>
    public IReadOnlyDictionary<string, string> Prompts => _source.Prompts;

    /// <summary>The prompt applied when none is named (<c>default_prompt_name</c>), or null.</summary>
    public string? DefaultPromptName => _source.DefaultPromptName;

    /// <summary>The texts with the named prompt (or the default one) put before each, as sentence-transformers' <c>encode(prompt_name=...)</c> does.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="promptName">A key of <see cref="Prompts"/>; null for <see cref="DefaultPromptName"/>.</param>
    /// <exception cref="ArgumentException">The model has no prompt called <paramref name="promptName"/>; the message lists those it has.</exception>
    public IReadOnlyList<string> ApplyPrompt(IReadOnlyList<string> texts, string? promptName)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var name = promptName ?? DefaultPromptName;
        if (name is null)
        {
            return texts;
        }

        if (!Prompts.TryGetValue(name, out var prompt))
        {
            var known = Prompts.Count == 0 ? "it has none" : "it has " + string.Join(", ", Prompts.Keys);
            throw new ArgumentException($"'prompt_name' '{name}' is not a prompt of {Name} ({known}; config_sentence_transformers.json).", nameof(promptName));
        }

        return [.. texts.Select(t => t is null ? t! : prompt + t)];
    }

    /// <summary>The sizes a sentence vector may be truncated to (Matryoshka), from <see cref="OnnxEmbeddingOptions.MatryoshkaDimensions"/>; empty when the model declares none.</summary>
    public IReadOnlyList<int> MatryoshkaDimensions => _options.MatryoshkaDimensions.TryGetValue(Name, out var sizes) ? sizes : [];

    /// <summary>
    /// A sentence vector cut to its first <paramref name="dimensions"/> values and, when the model normalises, scaled back to unit length,
    /// as Matryoshka-trained models are used. Only sizes in <see cref="MatryoshkaDimensions"/> (or the full size) are accepted.
    /// </summary>
    /// <param name="vector">A sentence vector of <see cref="Dimensions"/> values.</param>
    /// <param name="dimensions">The requested size.</param>
    /// <exception cref="ArgumentException">The model does not declare <paramref name="dimensions"/>; the message names the parameter and the allowed sizes.</exception>
    public float[] Truncate(float[] vector, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(vector);
        RequireDimensions(dimensions);
        if (dimensions == Dimensions)
        {
            return vector;
        }

        var cut = vector.AsSpan(0, dimensions).ToArray();
        if (Config.Normalize)
        {
            EmbeddingPooler.Normalize(cut);
        }

        return cut;
    }

    /// <summary>Checks that sentence vectors can have <paramref name="dimensions"/> values: the model's size or one of its <see cref="MatryoshkaDimensions"/>.</summary>
    /// <param name="dimensions">The requested size.</param>
    /// <exception cref="ArgumentException">The model does not declare <paramref name="dimensions"/>; the message names the parameter and the allowed sizes.</exception>
    public void RequireDimensions(int dimensions)
    {
        if (dimensions != Dimensions && !MatryoshkaDimensions.Contains(dimensions))
        {
            var allowed = MatryoshkaDimensions.Count == 0
                ? $"it declares no Matryoshka sizes (SkPlugins:Embeddings:MatryoshkaDimensions:{Name})"
                : $"its Matryoshka sizes are {string.Join(", ", MatryoshkaDimensions)}";
            throw new ArgumentException($"'dimensions' = {dimensions} is not available for {Name}: it produces {Dimensions} dimensions and {allowed}.", nameof(dimensions));
        }
    }

    /// <summary>The ONNX Runtime execution provider the session runs on (<c>CPU</c> or <c>CUDA (device n)</c>).</summary>
    public string ExecutionProvider { get; }

    /// <summary>Loads a model by name: the built-in all-MiniLM-L6-v2, or a Hub repo through <paramref name="resolver"/>.</summary>
    /// <param name="name">A Hub repo id; null means <see cref="OnnxEmbeddingOptions.DefaultModel"/>.</param>
    /// <param name="options">Batching, truncation, pooling overrides and session settings; null means defaults.</param>
    /// <param name="resolver">Finds Hub files; null allows only the built-in model.</param>
    /// <param name="logger">Receives the provider and configuration chosen.</param>
    /// <param name="cancellationToken">Cancels downloads.</param>
    /// <exception cref="InvalidDataException">A file is malformed or the ONNX graph is not an encoder.</exception>
    /// <exception cref="ArtifactNotFoundException">A required file is nowhere to be found.</exception>
    public static async Task<OnnxEmbeddingModel> LoadAsync(string? name = null, OnnxEmbeddingOptions? options = null, IArtifactResolver? resolver = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= new OnnxEmbeddingOptions();
        var source = await EmbeddingModelSourceLoader.LoadAsync(name ?? options.DefaultModel, resolver, cancellationToken).ConfigureAwait(false);
        return new OnnxEmbeddingModel(source, options, logger ?? NullLogger.Instance);
    }

    /// <summary>Embeds texts into sentence vectors, in input order.</summary>
    /// <param name="texts">The texts; empty or whitespace texts embed the special tokens alone.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">A text is null, or too long while <see cref="TruncationBehavior.Error"/> is set.</exception>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => Embed(texts, out _, cancellationToken);

    /// <summary>Embeds texts into sentence vectors, in input order, and counts the tokens the model read.</summary>
    /// <param name="texts">The texts; empty or whitespace texts embed the special tokens alone.</param>
    /// <param name="tokenCount">The tokens of every text after truncation, special tokens included (padding excluded): OpenAI's <c>prompt_tokens</c>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">A text is null, or too long while <see cref="TruncationBehavior.Error"/> is set.</exception>
    public float[][] Embed(IReadOnlyList<string> texts, out long tokenCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var encoded = new IReadOnlyList<int>[texts.Count];
        try
        {
            Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => encoded[i] = Encode(texts[i], i, out _));
        }
        catch (AggregateException ex)
        {
            // Report the first bad text as itself (ArgumentException naming its index), not wrapped.
            ExceptionDispatchInfo.Capture(ex.InnerExceptions.OrderBy(e => e is ArgumentException ? 0 : 1).First()).Throw();
        }

        tokenCount = encoded.Sum(ids => (long)ids.Count);
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => encoded[i].Count).ToArray();
        var batchSize = Math.Max(1, _options.BatchSize);
        var batches = order.Chunk(batchSize).ToArray();
        var results = new float[texts.Count][];
        Parallel.ForEach(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _options.ConcurrentBatches > 0 ? _options.ConcurrentBatches : Environment.ProcessorCount, CancellationToken = cancellationToken },
            indices => EmbedBatch(indices, encoded, results));
        return results;
    }

    private void EmbedBatch(int[] indices, IReadOnlyList<int>[] encoded, float[][] results)
    {
        var hidden = _encoder.Run(indices.Select(i => encoded[i]).ToList(), _tokenizer.PaddingId);
        for (var row = 0; row < indices.Length; row++)
        {
            var vector = new float[hidden.Dimensions];
            EmbeddingPooler.Pool(hidden.Values, row, hidden.SequenceLength, encoded[indices[row]].Count, Config.Pooling, vector);
            if (Config.Normalize)
            {
                EmbeddingPooler.Normalize(vector);
            }

            results[indices[row]] = vector;
        }
    }

    /// <summary>The tokens of <paramref name="text"/> and their contextual vectors (the last hidden state).</summary>
    /// <param name="text">The text.</param>
    public ContextualTokenEmbeddings GetTokenEmbeddings(string text)
    {
        var ids = Encode(text, 0, out var truncated);
        var hidden = _encoder.Run([ids], _tokenizer.PaddingId);
        return new ContextualTokenEmbeddings(Name, ids.Select(_tokenizer.GetToken).ToArray(), ids, hidden.Values, hidden.Dimensions, truncated);
    }

    /// <summary>The tokens <paramref name="text"/> becomes, special tokens included, after truncation.</summary>
    /// <param name="text">The text.</param>
    public IReadOnlyList<string> Tokenize(string text) => Encode(text, 0, out _).Select(_tokenizer.GetToken).ToArray();

    /// <summary>The input embedding matrix (read from the ONNX file on first use, then kept).</summary>
    public StaticTokenEmbeddings GetStaticTokenEmbeddings() => _static.Value;

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();

    private IReadOnlyList<int> Encode(string text, int index, out bool truncated)
    {
        if (text is null)
        {
            throw new ArgumentException($"text {index} is null.", nameof(text));
        }

        var ids = _tokenizer.EncodeToIds(text);
        var max = Config.MaxSequenceLength;
        truncated = ids.Count > max;
        if (!truncated)
        {
            return ids;
        }

        if (_options.Truncation == TruncationBehavior.Error)
        {
            throw new ArgumentException(
                $"text {index} ('{Preview(text)}') has {ids.Count} tokens, more than max_seq_length {max} of {Name}; shorten it or set Truncation to Truncate.", nameof(text));
        }

        // As transformers truncates: the text's tokens are cut, the closing special tokens stay.
        var suffix = _tokenizer.Suffix;
        var kept = new int[max];
        for (var i = 0; i < max - suffix.Count; i++)
        {
            kept[i] = ids[i];
        }

        for (var i = 0; i < suffix.Count; i++)
        {
            kept[max - suffix.Count + i] = suffix[i];
        }

        return kept;
    }

    private static string Preview(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private StaticTokenEmbeddings ReadStaticEmbeddings()
    {
        var vocabulary = _tokenizer.VocabularySize;
        var bytes = _source.ReadModel();
        var byName = OnnxInitializerReader.ReadMatrix(bytes, i => i.Name.EndsWith("word_embeddings.weight", StringComparison.Ordinal) && i.Dims[0] == vocabulary, _source.ModelLocation);
        var found = byName ?? OnnxInitializerReader.ReadMatrix(bytes, i => i.Dims[0] == vocabulary && i.Dims[1] == Dimensions, _source.ModelLocation)
            ?? throw new InvalidDataException($"{_source.ModelLocation}: no float initializer [{vocabulary}, {Dimensions}] (the input embedding matrix) was found.");
        return new StaticTokenEmbeddings(found.Info.Name, found.Values, (int)found.Info.Dims[1], _tokenizer);
    }
}
