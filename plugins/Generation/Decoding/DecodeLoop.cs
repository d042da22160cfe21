using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkPlugins.Plugins.Generation.Constraints;
using SkPlugins.Plugins.Generation.Model;
using SkPlugins.Plugins.Generation.Sampling;

namespace SkPlugins.Plugins.Generation.Decoding;

/// <summary>Receives one row's last-position logits before a token is chosen (for parity tests).</summary>
/// <param name="step">The step index.</param>
/// <param name="row">The batch row.</param>
/// <param name="logits">The row's logits.</param>
internal delegate void LogitsObserver(int step, int row, ReadOnlySpan<float> logits);

/// <summary>
/// The generation loop: a prefill over the left-padded prompts, then one token per step with the key/value cache fed back.
/// Inputs and outputs go through an <see cref="OrtIoBinding"/>: the cache stays where the run put it (device memory on CUDA),
/// the logits come to host memory and only each row's last position is read.
/// </summary>
internal static class DecodeLoop
{
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
        var config = model.Config;
        var batch = prompts.Count;
        var promptLength = CheckPrompts(prompts, config);
        var maxNew = Math.Min(settings.MaxNewTokens, config.ContextLength - promptLength);

        var layout = KeyValueCacheLayout.From(config, batch, model.CacheElementType);
        using IKeyValueCache cache = config.PastPresentShareBuffer
            ? new SharedBufferKeyValueCache(layout, model.DeviceAllocator, promptLength + maxNew)
            : new ConcatenatingKeyValueCache(layout, model.CacheLocation);
        using var binding = model.Session.CreateIoBinding();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var target = new OrtIoBindingTarget(binding);
        var sampler = new TokenSampler(settings);
        var eos = config.EosTokenIds.ToHashSet();
        var finished = new bool[batch];
        var scratch = model.LogitsElementType == TensorElementType.Float16 ? new float[config.VocabSize] : null;
        var constrained = ConstrainedRows.Create(settings.Constraint, batch, config.EosTokenIds, config.VocabSize);

        var (ids, mask) = LeftPad(prompts, promptLength, config.PadTokenId);
        var stepLength = promptLength;
        var totalLength = promptLength;
        for (var step = 0; step < maxNew; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = new int[batch];
            using (var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, stepLength]))
            using (var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, totalLength]))
            using (var positionsValue = model.HasPositionIds ? OrtValue.CreateTensorValueFromMemory(Positions(mask, batch, totalLength, stepLength), [batch, stepLength]) : null)
            {
                binding.ClearBoundInputs();
                binding.ClearBoundOutputs();
                binding.BindInput(config.InputIdsName, idsValue);
                binding.BindInput(config.AttentionMaskName, maskValue);
                if (positionsValue is not null)
                {
                    binding.BindInput(config.PositionIdsName!, positionsValue);
                }

                binding.BindOutputToDevice(config.LogitsName, OrtMemoryInfo.DefaultInstance);
                cache.Bind(target);
                try
                {
                    model.Session.RunWithBinding(runOptions, binding);
                    if (model.ExecutionProvider == ExecutionProviderKind.Cuda)
                    {
                        binding.SynchronizeBoundOutputs();
                    }
                }
                catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                var outputs = binding.GetOutputValues();
                using var logits = outputs[0];
                cache.Advance(outputs.Skip(1).ToArray(), stepLength);
                for (var row = 0; row < batch; row++)
                {
                    if (finished[row])
                    {
                        tokens[row] = -1;
                        continue;
                    }

                    var rowLogits = LastPosition(logits, model.LogitsElementType, row, stepLength, config.VocabSize, scratch);
                    rowLogits = constrained is null ? rowLogits : constrained.Mask(row, rowLogits);
                    observer?.Invoke(step, row, rowLogits);
                    var token = sampler.Next(rowLogits);
                    constrained?.Accept(row, token);
                    tokens[row] = token;
                    finished[row] = (settings.StopOnEos && eos.Contains(token)) || step == maxNew - 1;
                }
            }

            yield return new GenerationStep(step, tokens, (bool[])finished.Clone());
            if (Array.TrueForAll(finished, f => f))
            {
                yield break;
            }

            // Next step: one new token per row (finished rows feed padding, their output is ignored); the mask grows by a column of ones.
            ids = new long[batch];
            for (var row = 0; row < batch; row++)
            {
                ids[row] = tokens[row] >= 0 ? tokens[row] : config.PadTokenId;
            }

            mask = GrowMask(mask, batch, totalLength);
            stepLength = 1;
            totalLength++;
        }
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

    private static ReadOnlySpan<float> LastPosition(OrtValue logits, TensorElementType type, int row, int stepLength, int vocab, float[]? scratch)
    {
        var start = ((row * stepLength) + stepLength - 1) * vocab;
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
