using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>
/// The cache of GroupQueryAttention exports (<c>past_present_share_buffer</c> true): one buffer per layer and key/value,
/// preallocated at <c>[batch, kv_heads, capacity, head_size]</c> on the execution device and bound as both past input and present
/// output, so the graph writes each step's keys and values in place and nothing is reallocated or copied. Buffers in host memory
/// are zeroed when they are allocated, as ONNX Runtime GenAI does: no other generation's keys and values show through, and every
/// page is mapped before the first run. Left untouched, a fresh buffer's pages would be mapped one page fault at a time during
/// decoding, because each step writes one 4 KiB-spanning row per head into pages nothing has touched yet (about 190 page faults
/// per token at Phi-3-mini's shape, measured with <c>perf record -e page-faults</c>, which cost several percent of the decode rate).
/// </summary>
internal sealed class SharedBufferKeyValueCache : IKeyValueCache
{
    private readonly KeyValueCacheLayout _layout;
    private readonly OrtValue[] _buffers;

    /// <summary>Allocates the buffers.</summary>
    /// <param name="layout">Shapes and names.</param>
    /// <param name="allocator">The execution device's allocator.</param>
    /// <param name="capacity">Positions per buffer: prompt plus new tokens, at most the context length.</param>
    public SharedBufferKeyValueCache(KeyValueCacheLayout layout, OrtAllocator allocator, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _layout = layout;
        Capacity = capacity;
        _buffers = layout.PastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(allocator, layout.ElementType, layout.Shape(capacity))).ToArray();
        if (allocator.Info.Name == OrtMemoryInfo.DefaultInstance.Name)
        {
            foreach (var buffer in _buffers)
            {
                buffer.GetTensorMutableRawData().Clear();
            }
        }
    }

    /// <summary>Positions each buffer can hold.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public int SequenceLength { get; private set; }

    /// <inheritdoc />
    public bool NeedsPresents => false;

    /// <summary>The buffer of cache tensor <paramref name="index"/>.</summary>
    /// <param name="index">Index into <see cref="KeyValueCacheLayout.PastNames"/>.</param>
    internal OrtValue Buffer(int index) => _buffers[index];

    /// <inheritdoc />
    public void Bind(IBindingTarget target)
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            target.BindInput(_layout.PastNames[i], _buffers[i]);
            target.BindOutput(_layout.PresentNames[i], _buffers[i]);
        }
    }

    /// <inheritdoc />
    public void Advance(IReadOnlyList<OrtValue> presents, int newPositions)
    {
        if (SequenceLength + newPositions > Capacity)
        {
            throw new InvalidOperationException($"the shared key/value buffer holds {Capacity} positions; {SequenceLength} + {newPositions} do not fit");
        }

        // The run wrote into the bound buffers; the returned values are only new handles to them.
        foreach (var present in presents)
        {
            present.Dispose();
        }

        SequenceLength += newPositions;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }
    }
}
