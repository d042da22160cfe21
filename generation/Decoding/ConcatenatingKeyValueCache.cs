using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>
/// The cache of graphs that return <c>present = concat(past, new)</c> (<c>past_present_share_buffer</c> false): each step's presents,
/// left where the run allocated them (device memory on CUDA), become the next step's pasts without a copy.
/// </summary>
internal sealed class ConcatenatingKeyValueCache : IKeyValueCache
{
    private readonly KeyValueCacheLayout _layout;
    private readonly OrtMemoryInfo _presentLocation;
    private readonly OrtValue[] _pasts;

    /// <summary>Creates an empty cache (past sequence length 0).</summary>
    /// <param name="layout">Shapes and names.</param>
    /// <param name="presentLocation">Where the run allocates the presents (CPU or CUDA memory).</param>
    public ConcatenatingKeyValueCache(KeyValueCacheLayout layout, OrtMemoryInfo presentLocation)
    {
        _layout = layout;
        _presentLocation = presentLocation;
        _pasts = layout.PastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, layout.ElementType, layout.Shape(0))).ToArray();
    }

    /// <inheritdoc />
    public int SequenceLength { get; private set; }

    /// <inheritdoc />
    public bool NeedsPresents => true;

    /// <summary>The tensor bound to past input <paramref name="index"/> next.</summary>
    /// <param name="index">Index into <see cref="KeyValueCacheLayout.PastNames"/>.</param>
    internal OrtValue Past(int index) => _pasts[index];

    /// <inheritdoc />
    public void Bind(IBindingTarget target)
    {
        for (var i = 0; i < _pasts.Length; i++)
        {
            target.BindInput(_layout.PastNames[i], _pasts[i]);
            target.BindOutputToDevice(_layout.PresentNames[i], _presentLocation);
        }
    }

    /// <inheritdoc />
    public void Advance(IReadOnlyList<OrtValue> presents, int newPositions)
    {
        if (presents.Count != _pasts.Length)
        {
            throw new InvalidOperationException($"expected {_pasts.Length} present tensors, got {presents.Count}");
        }

        for (var i = 0; i < _pasts.Length; i++)
        {
            _pasts[i].Dispose();
            _pasts[i] = presents[i];
        }

        SequenceLength += newPositions;
    }

    /// <inheritdoc />
    public void PrepareForDecoding()
    {
        // Every step's presents are new tensors: nothing to prepare.
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var past in _pasts)
        {
            past.Dispose();
        }
    }
}
