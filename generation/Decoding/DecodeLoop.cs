using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;

namespace SkPlugins.Generation.Decoding;

/// <summary>Receives one row's last-position logits before a token is chosen (for parity tests).</summary>
/// <param name="step">The step index.</param>
/// <param name="row">The batch row.</param>
/// <param name="logits">The row's logits.</param>
internal delegate void LogitsObserver(int step, int row, ReadOnlySpan<float> logits);

/// <summary>
/// The generation loop: a prefill over the left-padded prompts, then one token per step with the key/value cache fed back.
/// Inputs and outputs go through an <see cref="OrtIoBinding"/>: the cache stays where the run put it (device memory on CUDA),
/// the prompt's logits come to host memory from the session's arena and every later step's to one host tensor the loop reuses, and
/// only each row's last position is read (where the model's graph was cut by <see cref="LastPositionLogits"/>, the prompt's logits
/// hold only that position). A shared-buffer cache (rented from the model's
/// <see cref="SharedBufferKeyValueCachePool"/>, handed back when the loop ends) is bound once and its outputs are not fetched after
/// the prompt's step, so a decode step binds three tensors and allocates nothing large. One instance serves one <see cref="Run"/>.
/// </summary>
internal sealed class DecodeLoop : IDisposable
{
    private readonly CausalLanguageModel _model;
    private readonly GenAIConfig _config;
    private readonly GenerationSettings _settings;
    private readonly LogitsObserver? _observer;
    private readonly CancellationToken _cancellationToken;
    private readonly int _batch;
    private readonly int _maxNew;
    private readonly IKeyValueCache _cache;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly CancellationTokenRegistration _registration;
    private readonly OrtIoBindingTarget _target;
    private readonly TokenSampler _sampler;
    private readonly ConstrainedRows? _constrained;
    private readonly HashSet<int> _eos;
    private readonly bool[] _finished;
    private readonly float[]? _scratch;
    private long[] _ids;
    private long[] _mask;
    private int _stepLength;
    private int _totalLength;
    private OrtValue? _promptLogits;
    private OrtValue? _stepLogits;
    private TimeSpan _runTime;

    private DecodeLoop(CausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, LogitsObserver? observer, CancellationToken cancellationToken)
    {
        _model = model;
        _config = model.Config;
        _settings = settings;
        _observer = observer;
        _cancellationToken = cancellationToken;
        _batch = prompts.Count;
        var promptLength = CheckPrompts(prompts, _config);
        _maxNew = Math.Min(settings.MaxNewTokens, _config.ContextLength - promptLength);
        _sampler = new TokenSampler(settings);
        _constrained = ConstrainedRows.Create(settings.Constraint, _batch, _config.EosTokenIds, _config.VocabSize);
        _eos = _config.EosTokenIds.ToHashSet();
        _finished = new bool[_batch];
        _scratch = model.LogitsElementType == TensorElementType.Float16 ? new float[_config.VocabSize] : null;
        (_ids, _mask) = LeftPad(prompts, promptLength, _config.PadTokenId);
        _stepLength = promptLength;
        _totalLength = promptLength;

        // Native resources last, once nothing about the request can throw: a rented cache goes back to the model only by Dispose.
        _binding = model.Session.CreateIoBinding();
        _target = new OrtIoBindingTarget(_binding);
        _runOptions = new RunOptions();
        var runOptions = _runOptions;
        _registration = cancellationToken.Register(() => runOptions.Terminate = true);
        _cache = CreateCache(model, _batch, promptLength + _maxNew);
    }

    /// <summary>Runs the loop, yielding after every step.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="prompts">One id list per row (BOS included when the model wants it).</param>
    /// <param name="settings">Sampling and stopping.</param>
    /// <param name="observer">Optional logits observer.</param>
    /// <param name="cancellationToken">Stops between steps and terminates a running step.</param>
    /// <returns>The steps.</returns>
    public static IEnumerable<GenerationStep> Run(CausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, LogitsObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Steps(new DecodeLoop(model, prompts, settings, observer, cancellationToken));
    }

    private static IEnumerable<GenerationStep> Steps(DecodeLoop loop)
    {
        using (loop)
        {
            for (var step = 0; step < loop._maxNew; step++)
            {
                var tokens = loop.Step(step);
                yield return new GenerationStep(step, tokens, (bool[])loop._finished.Clone()) { RunTime = loop._runTime };
                if (Array.TrueForAll(loop._finished, f => f))
                {
                    yield break;
                }

                loop.FeedBack(tokens);
            }
        }
    }

    /// <summary>One model run over the current inputs, then one token per row.</summary>
    private int[] Step(int step)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        using var idsValue = OrtValue.CreateTensorValueFromMemory(_ids, [_batch, _stepLength]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(_mask, [_batch, _totalLength]);
        using var positionsValue = _model.HasPositionIds ? OrtValue.CreateTensorValueFromMemory(Positions(_mask, _batch, _totalLength, _stepLength), [_batch, _stepLength]) : null;
        var logits = _stepLength > 1 ? null : StepLogits();
        Bind(idsValue, maskValue, positionsValue, logits, bindCache: step == 0 || _cache.NeedsPresents);
        Execute();
        logits = AdvanceCache(logits);
        var tokens = ChooseTokens(step, logits);
        if (step == 0 && _maxNew > 1 && !Array.TrueForAll(_finished, f => f))
        {
            PrepareForDecoding();
        }

        return tokens;
    }

    /// <summary>
    /// Between the prompt's step and the first decode step: the logits output is rebound to the single-token tensor, which drops the
    /// binding's reference to the prompt's logits so they are freed, and then the cache prepares the positions decoding will write.
    /// </summary>
    private void PrepareForDecoding()
    {
        _binding.BindOutput(_config.LogitsName, StepLogits());
        _promptLogits?.Dispose();
        _promptLogits = null;
        _cache.PrepareForDecoding();
    }

    private OrtValue StepLogits() =>
        _stepLogits ??= OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _model.LogitsElementType, [_batch, 1, _config.VocabSize]);

    /// <summary>Binds the step's inputs and logits; the cache binds its tensors on the first step and whenever they change.</summary>
    /// <remarks>
    /// A single-token step's logits go to the one host tensor the loop reuses, so a decode step allocates nothing for its largest
    /// output. A prompt's logits (<paramref name="logits"/> null; one position where the graph was cut, else every position's, 128 MB
    /// after 1,000 tokens at Phi-3's vocabulary) are left to ONNX Runtime to allocate in host memory from the session's arena, where
    /// the graph's last output takes the memory its intermediate tensors have just given back instead of adding to the peak beside
    /// them (as ONNX Runtime GenAI's do).
    /// </remarks>
    private void Bind(OrtValue ids, OrtValue mask, OrtValue? positions, OrtValue? logits, bool bindCache)
    {
        _binding.BindInput(_config.InputIdsName, ids);
        _binding.BindInput(_config.AttentionMaskName, mask);
        if (positions is not null)
        {
            _binding.BindInput(_config.PositionIdsName!, positions);
        }

        if (logits is null)
        {
            _binding.BindOutputToDevice(_config.LogitsName, OrtMemoryInfo.DefaultInstance);
        }
        else
        {
            _binding.BindOutput(_config.LogitsName, logits);
        }

        if (bindCache)
        {
            _cache.Bind(_target);
        }
    }

    private void Execute()
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            _model.Session.RunWithBinding(_runOptions, _binding);
            if (_model.ExecutionProvider == ExecutionProviderKind.Cuda)
            {
                _binding.SynchronizeBoundOutputs();
            }
        }
        catch (OnnxRuntimeException) when (_cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(_cancellationToken);
        }
        finally
        {
            _runTime = Stopwatch.GetElapsedTime(start);
        }
    }

    /// <summary>
    /// Counts the step's positions in the cache, handing it the presents when it keeps them (outputs after the logits), and returns
    /// the step's logits: <paramref name="boundLogits"/>, or on the prompt's step the tensor the run allocated (held until
    /// <see cref="PrepareForDecoding"/> releases it).
    /// </summary>
    private OrtValue AdvanceCache(OrtValue? boundLogits)
    {
        if (boundLogits is not null && !_cache.NeedsPresents)
        {
            _cache.Advance([], _stepLength);
            return boundLogits;
        }

        var outputs = _binding.GetOutputValues();
        if (boundLogits is null)
        {
            _promptLogits = outputs[0];
        }
        else
        {
            outputs[0].Dispose();
        }

        // A shared-buffer cache only disposes these handles to its own buffers.
        _cache.Advance(outputs.Skip(1).ToArray(), _stepLength);
        return boundLogits ?? _promptLogits!;
    }

    /// <summary>The sampling step: each unfinished row's last-position logits become its next token (-1 for finished rows).</summary>
    private int[] ChooseTokens(int step, OrtValue logits)
    {
        var tokens = new int[_batch];
        // The prompt's own tensor holds every position's logits, or only the last one's where the graph was cut (LastPositionLogits);
        // a bound tensor holds one position.
        var positions = logits == _promptLogits ? (int)logits.GetTensorTypeAndShape().Shape[1] : 1;
        for (var row = 0; row < _batch; row++)
        {
            if (_finished[row])
            {
                tokens[row] = -1;
                continue;
            }

            var rowLogits = LastPosition(logits, _model.LogitsElementType, row, positions, _config.VocabSize, _scratch);
            rowLogits = _constrained is null ? rowLogits : _constrained.Mask(row, rowLogits);
            _observer?.Invoke(step, row, rowLogits);
            var token = _sampler.Next(rowLogits);
            _constrained?.Accept(row, token);
            tokens[row] = token;
            _finished[row] = (_settings.StopOnEos && _eos.Contains(token)) || step == _maxNew - 1;
        }

        return tokens;
    }

    /// <summary>Next step's inputs: one new token per row (finished rows feed padding, their output is ignored); the mask grows by a column of ones.</summary>
    private void FeedBack(int[] tokens)
    {
        _ids = new long[_batch];
        for (var row = 0; row < _batch; row++)
        {
            _ids[row] = tokens[row] >= 0 ? tokens[row] : _config.PadTokenId;
        }

        _mask = GrowMask(_mask, _batch, _totalLength);
        _stepLength = 1;
        _totalLength++;
    }

    private static IKeyValueCache CreateCache(CausalLanguageModel model, int batch, int capacity)
    {
        var layout = KeyValueCacheLayout.From(model.Config, batch, model.CacheElementType);
        return model.Config.PastPresentShareBuffer
            ? model.KeyValueBuffers.Rent(layout, model.DeviceAllocator, capacity)
            : new ConcatenatingKeyValueCache(layout, model.CacheLocation);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration.Dispose();
        _runOptions.Dispose();
        _binding.Dispose();
        _cache.Dispose();
        _promptLogits?.Dispose();
        _stepLogits?.Dispose();
    }

    /// <summary>Checks the prompts and returns the padded length.</summary>
    private static int CheckPrompts(IReadOnlyList<IReadOnlyList<int>> prompts, GenAIConfig config)
    {
        if (prompts.Count == 0)
        {
            throw new ArgumentException("at least one prompt is needed", nameof(prompts));
        }

        var length = 0;
        for (var row = 0; row < prompts.Count; row++)
        {
            var prompt = prompts[row] ?? throw new ArgumentException($"prompt {row} is null", nameof(prompts));
            if (prompt.Count == 0)
            {
                throw new ArgumentException($"prompt {row} is empty", nameof(prompts));
            }

            foreach (var id in prompt)
            {
                if (id < 0 || id >= config.VocabSize)
                {
                    throw new ArgumentException($"prompt {row} holds token id {id}, outside the vocabulary [0, {config.VocabSize})", nameof(prompts));
                }
            }

            length = Math.Max(length, prompt.Count);
        }

        if (config.PastPresentShareBuffer && prompts.Any(p => p.Count != length))
        {
            throw new NotSupportedException("this model's shared key/value buffer (GroupQueryAttention export) needs equal-length prompts in a batch: left padding cannot be expressed to it; generate prompts of different lengths separately");
        }

        if (length >= config.ContextLength)
        {
            throw new ArgumentException($"the prompt has {length} tokens but the model's context_length is {config.ContextLength}; at most {config.ContextLength - 1} prompt tokens leave room for one new token", nameof(prompts));
        }

        return length;
    }

    /// <summary>Left-pads the prompts: pad ids with mask 0 before each shorter prompt.</summary>
    internal static (long[] Ids, long[] Mask) LeftPad(IReadOnlyList<IReadOnlyList<int>> prompts, int length, int padId)
    {
        var ids = new long[prompts.Count * length];
        var mask = new long[prompts.Count * length];
        for (var row = 0; row < prompts.Count; row++)
        {
            var prompt = prompts[row];
            var offset = length - prompt.Count;
            for (var i = 0; i < length; i++)
            {
                var inPrompt = i >= offset;
                ids[(row * length) + i] = inPrompt ? prompt[i - offset] : padId;
                mask[(row * length) + i] = inPrompt ? 1 : 0;
            }
        }

        return (ids, mask);
    }

    private static long[] GrowMask(long[] mask, int batch, int length)
    {
        var grown = new long[batch * (length + 1)];
        for (var row = 0; row < batch; row++)
        {
            Array.Copy(mask, row * length, grown, row * (length + 1), length);
            grown[(row * (length + 1)) + length] = 1;
        }

        return grown;
    }

    /// <summary>Position ids of the step's tokens: cumulative mask minus one (1 on padding), as Hugging Face computes them.</summary>
    private static long[] Positions(long[] mask, int batch, int totalLength, int stepLength)
    {
        var positions = new long[batch * stepLength];
        for (var row = 0; row < batch; row++)
        {
            long cumulative = 0;
            for (var i = 0; i < totalLength; i++)
            {
                cumulative += mask[(row * totalLength) + i];
                var j = i - (totalLength - stepLength);
                if (j >= 0)
                {
                    positions[(row * stepLength) + j] = mask[(row * totalLength) + i] == 0 ? 1 : cumulative - 1;
                }
            }
        }

        return positions;
    }

    private static ReadOnlySpan<float> LastPosition(OrtValue logits, TensorElementType type, int row, int positions, int vocab, float[]? scratch)
    {
        var start = ((row * positions) + positions - 1) * vocab;
        if (type == TensorElementType.Float)
        {
            return logits.GetTensorDataAsSpan<float>().Slice(start, vocab);
        }

        var half = logits.GetTensorDataAsSpan<Float16>().Slice(start, vocab);
        for (var i = 0; i < vocab; i++)
        {
            scratch![i] = (float)half[i];
        }

        return scratch;
    }
}
