using SkPlugins.Core.Onnx;
using System.Runtime.CompilerServices;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using SkPlugins.Generation.Decoding;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Tokenization;

namespace SkPlugins.Generation.Model;

/// <summary>
/// A decoder-only language model exported for ONNX Runtime GenAI (e.g. Phi-3): its <c>genai_config.json</c>, its ONNX session on
/// CUDA or the CPU, and its tokenizer; generates token ids for batches of prompts.
/// </summary>
public sealed class CausalLanguageModel : IDisposable
{
    private readonly Lazy<Tokenizer> _tokenizer;

    private CausalLanguageModel(string folder, GenAIConfig config, InferenceSession session, ExecutionProviderKind provider, IGenerationTokenizerFactory tokenizerFactory, int deviceId)
    {
        Folder = folder;
        Config = config;
        Session = session;
        ExecutionProvider = provider;
        _tokenizer = new Lazy<Tokenizer>(() => tokenizerFactory.Create(folder), LazyThreadSafetyMode.ExecutionAndPublication);
        var decoderPath = Path.Combine(folder, config.DecoderFileName);
        (CacheElementType, LogitsElementType) = DecoderSignature.Validate(session, config, decoderPath);
        HasPositionIds = config.PositionIdsName is { } name && session.InputMetadata.ContainsKey(name);
        if (provider == ExecutionProviderKind.Cuda)
        {
            CacheLocation = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
            DeviceAllocator = new OrtAllocator(session, CacheLocation);
        }
        else
        {
            CacheLocation = OrtMemoryInfo.DefaultInstance;
            DeviceAllocator = OrtAllocator.DefaultInstance;
        }
    }

    /// <summary>
    /// Threads inside one decoder run when <c>genai_config.json</c> does not set <c>intra_op_num_threads</c>: half the logical
    /// processors, at least 1 and at most 16, the rule ONNX Runtime GenAI applies to the same folders. On a machine with two
    /// threads per core that is one per physical core (ONNX Runtime's own default); on one without, it leaves half the cores to
    /// the rest of the machine (on the 2-core machine of the README's benchmark, ORT GenAI's one thread prefilled 1,000 tokens of
    /// the Phi-3-mini-shaped folder as fast as our two did, and the same rule keeps the comparison about the loops).
    /// </summary>
    internal static int DefaultIntraOpThreads => Math.Clamp(Environment.ProcessorCount / 2, 1, 16);

    /// <summary>The model folder.</summary>
    public string Folder { get; }

    /// <summary>The parsed <c>genai_config.json</c>.</summary>
    public GenAIConfig Config { get; }

    /// <summary>The execution provider the session runs on.</summary>
    public ExecutionProviderKind ExecutionProvider { get; }

    /// <summary>
    /// The model's tokenizer, read from the folder on first use: loading it with the decoder would add its memory to the peak of the
    /// decoder's load (when ONNX Runtime holds the file's weights and their prepacked copies at once), and callers that pass token
    /// ids never need it.
    /// </summary>
    /// <exception cref="GenerationModelException">The folder's tokenizer files are missing or unusable.</exception>
    public Tokenizer Tokenizer => _tokenizer.Value;

    /// <summary>The decoder session.</summary>
    internal InferenceSession Session { get; }

    /// <summary>The element type of the key/value cache.</summary>
    internal TensorElementType CacheElementType { get; }

    /// <summary>The element type of the logits.</summary>
    internal TensorElementType LogitsElementType { get; }

    /// <summary>Whether the graph takes <c>position_ids</c>.</summary>
    internal bool HasPositionIds { get; }

    /// <summary>Where the cache lives (CUDA device memory or host memory).</summary>
    internal OrtMemoryInfo CacheLocation { get; }

    /// <summary>The allocator of <see cref="CacheLocation"/>.</summary>
    internal OrtAllocator DeviceAllocator { get; }

    /// <summary>The shared key/value buffers kept from one generation for the next (GroupQueryAttention exports).</summary>
    internal SharedBufferKeyValueCachePool KeyValueBuffers { get; } = new();

    /// <summary>Loads a model folder: <c>genai_config.json</c> and the decoder ONNX file (with its external data); the tokenizer comes on first use.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="tokenizerFactory">Creates the tokenizer from the folder when <see cref="Tokenizer"/> is first used.</param>
    /// <param name="preference">The execution provider to use.</param>
    /// <param name="deviceId">The CUDA device.</param>
    /// <param name="logger">Logs the provider choice.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="GenerationModelException">A file is missing or corrupt, or the config disagrees with the graph.</exception>
    public static CausalLanguageModel Load(string folder, IGenerationTokenizerFactory tokenizerFactory, ExecutionProviderPreference preference = ExecutionProviderPreference.Auto, int deviceId = 0, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(tokenizerFactory);
        if (!Directory.Exists(folder))
        {
            throw new GenerationModelException($"model folder '{folder}' does not exist");
        }

        var config = GenAIConfig.Load(Path.Combine(folder, GenAIConfig.FileName));
        var decoderPath = Path.Combine(folder, config.DecoderFileName);
        if (!File.Exists(decoderPath))
        {
            throw new GenerationModelException($"'{decoderPath}' not found (named by decoder.filename in {Path.Combine(folder, GenAIConfig.FileName)})");
        }

        var (session, provider) = OpenSession(decoderPath, config.LogitsName, new OnnxSessionSettings(preference, deviceId, IntraOpThreads: config.IntraOpThreads ?? DefaultIntraOpThreads), logger ?? NullLogger.Instance);
        try
        {
            return new CausalLanguageModel(folder, config, session, provider, tokenizerFactory, deviceId);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the decoder through the one <see cref="OnnxSessionFactory"/>, with its logits cut to the last position
    /// (<see cref="LastPositionLogits"/>) where its graph allows, reporting its failures as <see cref="GenerationModelException"/>.
    /// </summary>
    private static (InferenceSession Session, ExecutionProviderKind Provider) OpenSession(string decoderPath, string logitsName, OnnxSessionSettings settings, ILogger logger)
    {
        try
        {
            var graph = LastPositionLogits.TryRewrite(decoderPath, logitsName);
            logger.LogDebug("{Model}: logits computed for {Positions}", decoderPath, graph is null ? "every position (graph left as it is)" : "the last position only");
            var (session, onCuda) = graph is null
                ? OnnxSessionFactory.CreateFromFile(decoderPath, settings, logger)
                : OnnxSessionFactory.Create(graph, decoderPath, Path.GetDirectoryName(Path.GetFullPath(decoderPath)), settings, logger);
            return (session, onCuda ? ExecutionProviderKind.Cuda : ExecutionProviderKind.Cpu);
        }
        catch (InvalidDataException e)
        {
            throw new GenerationModelException($"'{decoderPath}' could not be loaded by ONNX Runtime: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new GenerationModelException(e.Message, e);
        }
    }

    /// <summary>Encodes text to prompt ids as the Hugging Face tokenizer does (BOS included).</summary>
    /// <param name="text">The prompt text (special tokens such as <c>&lt;|assistant|&gt;</c> are recognised).</param>
    public IReadOnlyList<int> Encode(string text) => Tokenizer.EncodeToIds(text);

    /// <summary>Generates step by step; each step holds one new token per row.</summary>
    /// <param name="prompts">One id list per row; shorter prompts are left-padded.</param>
    /// <param name="settings">Sampling and stopping; null means greedy, 20 tokens.</param>
    /// <param name="cancellationToken">Cancels between steps and interrupts a running step.</param>
    /// <returns>The steps as they are computed.</returns>
    public async IAsyncEnumerable<GenerationStep> GenerateStepsAsync(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings? settings = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var step in DecodeLoop.Run(this, prompts, settings ?? GenerationSettings.Greedy, null, cancellationToken))
        {
            yield return step;
        }
    }

    /// <summary>Generates to the end and collects every row's new tokens.</summary>
    /// <param name="prompts">One id list per row; shorter prompts are left-padded.</param>
    /// <param name="settings">Sampling and stopping; null means greedy, 20 tokens.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The prompts, new tokens and timings.</returns>
    public Task<GenerationResult> GenerateAsync(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings? settings = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Generate(prompts, settings, null, cancellationToken), cancellationToken);

    /// <summary>Generates synchronously, optionally observing every row's logits.</summary>
    internal GenerationResult Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings? settings, LogitsObserver? observer, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var outputs = prompts.Select(_ => new List<int>()).ToArray();
        var stoppedOnEos = new bool[prompts.Count];
        var firstToken = TimeSpan.Zero;
        var decodeRunTime = TimeSpan.Zero;
        var eos = Config.EosTokenIds;
        foreach (var step in DecodeLoop.Run(this, prompts, settings ?? GenerationSettings.Greedy, observer, cancellationToken))
        {
            if (step.Index == 0)
            {
                firstToken = stopwatch.Elapsed;
            }
            else
            {
                decodeRunTime += step.RunTime;
            }

            for (var row = 0; row < outputs.Length; row++)
            {
                if (step.TokenIds[row] >= 0)
                {
                    outputs[row].Add(step.TokenIds[row]);
                    stoppedOnEos[row] = step.Finished[row] && eos.Contains(step.TokenIds[row]) && (settings ?? GenerationSettings.Greedy).StopOnEos;
                }
            }
        }

        return new GenerationResult(prompts, outputs, stoppedOnEos, firstToken, stopwatch.Elapsed) { DecodeRunTime = decodeRunTime };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        KeyValueBuffers.Dispose();
        if (ExecutionProvider == ExecutionProviderKind.Cuda)
        {
            DeviceAllocator.Dispose();
            CacheLocation.Dispose();
        }

        Session.Dispose();
    }
}
