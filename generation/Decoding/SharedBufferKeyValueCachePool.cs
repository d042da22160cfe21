using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Generation.Decoding;

/// <summary>
/// Keeps the shared key/value buffers of a finished generation for the next one on the same model. Fresh buffers cost their
/// pages' first touch: at Phi-3-mini's shape a position is 786 KB over 64 buffers, so a 25-token prompt with 64 new tokens maps
/// about 17,000 pages and a 1,000-token prompt about 200,000, each a page fault (18 µs apiece on the README's benchmark VM, measured
/// with a first-touch loop over an anonymous mapping). ONNX Runtime GenAI pays that on its first generation only, since its cache
/// comes from the session's arena, which keeps its memory; with this pool our loop does the same (12 faults in a warm model's
/// second generation of 25 + 16 tokens, against 8,400 in its first). One set is kept, the one with the most positions: a request it
/// fits uses it (the graph reads only the positions before the current length, so a larger buffer just has a longer stride); a
/// request it does not fit releases it before allocating, so the process never holds two sets for one request and its peak stays
/// that of its largest generation. Concurrent generations each get their own set; of the sets returned, the largest stays. The kept
/// set lives until the model is disposed: the memory of the longest generation so far stays allocated, as a server's
/// preallocated context would.
/// </summary>
internal sealed class SharedBufferKeyValueCachePool : IDisposable
{
    private readonly Lock _gate = new();
    private SharedBufferKeyValueCache? _kept;
    private bool _disposed;

    /// <summary>The positions of the kept set, 0 when none is kept.</summary>
    public int KeptCapacity
    {
        get
        {
            lock (_gate)
            {
                return _kept?.Capacity ?? 0;
            }
        }
    }

    /// <summary>
    /// A cache of at least <paramref name="capacity"/> positions, empty: the kept one when it fits, else a new one (the kept one,
    /// too small, released first). Disposing the cache hands it back.
    /// </summary>
    /// <param name="layout">Shapes and names.</param>
    /// <param name="allocator">The execution device's allocator.</param>
    /// <param name="capacity">Positions needed: prompt plus new tokens.</param>
    public SharedBufferKeyValueCache Rent(KeyValueCacheLayout layout, OrtAllocator allocator, int capacity)
    {
        SharedBufferKeyValueCache? tooSmall;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_kept is { } kept && kept.Fits(layout, capacity))
            {
                _kept = null;
                kept.Reset();
                return kept;
            }

            (tooSmall, _kept) = (_kept, null);
        }

        tooSmall?.Release();
        return new SharedBufferKeyValueCache(layout, allocator, capacity, this);
    }

    /// <summary>Takes a cache back: it is kept when none is or it is larger than the kept one; the other is released.</summary>
    /// <param name="cache">A cache this pool rented out.</param>
    internal void Return(SharedBufferKeyValueCache cache)
    {
        var released = cache;
        lock (_gate)
        {
            if (!_disposed && (_kept is null || _kept.Capacity < cache.Capacity))
            {
                (released, _kept) = (_kept, cache);
            }
        }

        released?.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SharedBufferKeyValueCache? kept;
        lock (_gate)
        {
            _disposed = true;
            (kept, _kept) = (_kept, null);
        }

        kept?.Release();
    }
}
