using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>
/// The cache of GroupQueryAttention exports (<c>past_present_share_buffer</c> true): one buffer per layer and key/value,
/// preallocated at <c>[batch, kv_heads, capacity, head_size]</c> on the execution device and bound as both past input and present
/// output, so the graph writes each step's keys and values in place and nothing is reallocated or copied. In host memory the
/// positions past the prompt are zeroed after the prompt's step (<see cref="PrepareForDecoding"/>), once the loop has released the
/// prompt's logits (128 MB after 1,000 tokens at Phi-3's vocabulary), so the zeroing adds nothing to the peak and, as in ONNX Runtime
/// GenAI, its time falls before the first token rather than into decoding. Without it a decode step writes one row per
/// head into pages nothing has touched yet, and the kernel maps them one page fault at a time during decoding (about 190 page
/// faults per token at Phi-3-mini's shape, found with <c>perf record -e page-faults</c>: 2–3% of the CPU time in the kernel alone).
/// ONNX Runtime GenAI zeroes its whole buffer when it allocates it. The graph never reads past the current length, so what an
/// earlier allocation left there is never seen either way. Rented from a <see cref="SharedBufferKeyValueCachePool"/>, the cache
/// goes back to it when disposed and may serve the next generation: positions it has written or zeroed before are mapped already
/// and are not zeroed again.
/// </summary>
internal sealed class SharedBufferKeyValueCache : IKeyValueCache
{
    private readonly KeyValueCacheLayout _layout;
    private readonly OrtValue[] _buffers;
    private readonly bool _inHostMemory;
    private readonly SharedBufferKeyValueCachePool? _pool;

    // Leading positions of every head's rows that have been written or zeroed, so their pages are mapped.
    private int _touched;

    /// <summary>Allocates the buffers.</summary>
    /// <param name="layout">Shapes and names.</param>
    /// <param name="allocator">The execution device's allocator.</param>
    /// <param name="capacity">Positions per buffer: prompt plus new tokens, at most the context length.</param>
    /// <param name="pool">The pool that <see cref="Dispose"/> hands the cache back to; null to release the buffers then.</param>
    public SharedBufferKeyValueCache(KeyValueCacheLayout layout, OrtAllocator allocator, int capacity, SharedBufferKeyValueCachePool? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _layout = layout;
        _pool = pool;
        Capacity = capacity;
        _buffers = layout.PastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(allocator, layout.ElementType, layout.Shape(capacity))).ToArray();
        _inHostMemory = allocator.Info.Name == OrtMemoryInfo.DefaultInstance.Name;
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
        _touched = Math.Max(_touched, SequenceLength);
    }

    /// <inheritdoc />
    public void PrepareForDecoding()
    {
        if (_inHostMemory && _touched < Capacity)
        {
            ZeroFrom(Math.Max(SequenceLength, _touched));
            _touched = Capacity;
        }
    }

    /// <summary>Whether a generation of <paramref name="layout"/>'s batch and types needing <paramref name="capacity"/> positions can use these buffers.</summary>
    internal bool Fits(KeyValueCacheLayout layout, int capacity) => capacity <= Capacity && layout == _layout;

    /// <summary>Empties the cache for another generation (the buffers' contents stay; the graph reads only what it writes first).</summary>
    internal void Reset() => SequenceLength = 0;

    /// <summary>Zeroes positions <paramref name="start"/> to <see cref="Capacity"/> of every head of every buffer.</summary>
    private void ZeroFrom(int start)
    {
        foreach (var buffer in _buffers)
        {
            var bytes = buffer.GetTensorMutableRawData();
            var blocks = _layout.BatchSize * _layout.KeyValueHeads;
            var rowBytes = bytes.Length / blocks / Capacity;
            for (var block = 0; block < blocks; block++)
            {
                bytes.Slice(((block * Capacity) + start) * rowBytes, (Capacity - start) * rowBytes).Clear();
            }
        }
    }

    /// <summary>Hands the cache back to its pool, or releases the buffers when it has none.</summary>
    public void Dispose()
    {
        if (_pool is null)
        {
            Release();
        }
        else
        {
            _pool.Return(this);
        }
    }

    /// <summary>Releases the buffers.</summary>
    internal void Release()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }
    }
}
