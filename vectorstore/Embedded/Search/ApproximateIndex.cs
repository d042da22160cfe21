using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search.Hnsw;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded.Search;

/// <summary>
/// An HNSW graph (<see cref="HnswGraph"/>) over the rows of a collection, updated in place as the rows change. Each vector added gets a
/// new label; the index remembers, per label, the row key, a hash of the vector and the row stamp it was added for.
/// A label is live while its key's row still carries that stamp: an overwritten or deleted row leaves a dead label in
/// the graph, skipped when searching (the dead fraction decides when to rebuild, see <see cref="DeadFraction"/>).
/// <see cref="Sync"/> adds the rows stamped after the last sync; against another state (a reload, or a graph read from
/// disk) it matches labels to rows by key and vector hash, so an entry is used only when it matches the current vector.
/// Searches run concurrently; a sync excludes them briefly.
/// </summary>
internal sealed class ApproximateIndex : IDisposable
{
    private readonly HnswGraph _graph;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<UInt128> _keys;
    private readonly List<ulong> _hashes;
    private readonly List<long> _stamps;
    private CollectionState? _tracked;
    private long _watermark;
    private bool _disposed;

    private ApproximateIndex(HnswGraph graph, HnswParameters parameters, List<UInt128> keys, List<ulong> hashes, List<long> stamps)
    {
        _graph = graph;
        Parameters = parameters;
        _keys = keys;
        _hashes = hashes;
        _stamps = stamps;
    }

    /// <summary>The graph's shape.</summary>
    public HnswParameters Parameters { get; }

    /// <summary>The number of vectors in the graph, live or dead.</summary>
    public int Labels => _keys.Count;

    /// <summary>The number of labels that match a current row (after the last <see cref="Sync"/>).</summary>
    public int Live { get; private set; }

    /// <summary>The share of the graph's vectors that no longer match a row.</summary>
    public double DeadFraction => Labels == 0 ? 0 : (Labels - Live) / (double)Labels;

    /// <summary>The collection batch sequence number of the last sync.</summary>
    public long Sequence { get; private set; }

    /// <summary>The number of vectors added by <see cref="Sync"/> since the index was built or read.</summary>
    public long Added { get; private set; }

    /// <summary>True when the distance function has an HNSW metric.</summary>
    public static bool Supports(string distance) => distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity or DistanceFunction.EuclideanDistance;

    /// <summary>The graph metric for a distance function: inner product for cosine (stored vectors are unit length) and dot product, else squared L2.</summary>
    public static HnswMetric MetricOf(string distance) => distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity ? HnswMetric.InnerProduct : HnswMetric.SquaredEuclidean;

    /// <summary>The hash identifying a vector's value (never 0, which marks a dead label in the index file).</summary>
    public static ulong Hash(ReadOnlySpan<float> vector) => Math.Max(1UL, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(vector)));

    /// <summary>Builds an index over copied rows, adding from <see cref="HnswParameters.Threads"/> threads.</summary>
    public static ApproximateIndex Build(RowsCopy rows, HnswParameters parameters, CancellationToken cancellationToken)
    {
        var count = rows.Keys.Length;
        var dims = parameters.Dimensions;
        var graph = HnswGraph.Create(parameters);
        try
        {
            graph.EnsureCapacity(Math.Max(count, 16));
            var hashes = new ulong[count];
            Parallel.ForEach(
                Partitioner.Create(0, count, 1024),
                new ParallelOptions { MaxDegreeOfParallelism = parameters.Threads, CancellationToken = cancellationToken },
                range =>
                {
                    for (var row = range.Item1; row < range.Item2; row++)
                    {
                        var vector = rows.Matrix.AsSpan(row * dims, dims);
                        hashes[row] = Hash(vector);
                        graph.Add(row, vector);
                    }
                });
            var index = new ApproximateIndex(graph, parameters, [.. rows.Keys], [.. hashes], [.. rows.Stamps])
            {
                _tracked = rows.Source, _watermark = rows.Version, Live = count, Sequence = rows.Sequence,
            };
            return index;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>An index over a graph read from disk; its labels are matched to rows by the first <see cref="Sync"/>.</summary>
    public static ApproximateIndex Open(HnswGraph graph, HnswParameters parameters, UInt128[] keys, ulong[] hashes, long sequence)
        => new(graph, parameters, [.. keys], [.. hashes], [.. new long[keys.Length]]) { Sequence = sequence };

    /// <summary>Brings the index up to date with <paramref name="state"/> (call under the collection's read lock).</summary>
    /// <returns>The number of vectors added; -1 when the index was disposed (replaced by a newer build).</returns>
    public int Sync(CollectionState state, long sequence)
    {
        if (ReferenceEquals(_tracked, state) && state.Version == _watermark)
        {
            return 0;
        }

        _lock.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return -1;
            }

            if (ReferenceEquals(_tracked, state) && state.Version == _watermark)
            {
                return 0; // another reader synced it meanwhile
            }

            var rows = new List<int>();
            if (ReferenceEquals(_tracked, state))
            {
                for (var row = 0; row < state.Count; row++)
                {
                    if (state.StampAt(row) > _watermark)
                    {
                        rows.Add(row);
                    }
                }
            }
            else
            {
                Match(state, rows);
            }

            AddRows(state, rows);
            _tracked = state;
            _watermark = state.Version;
            Live = state.Count;
            Sequence = sequence;
            Added += rows.Count;
            return rows.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The rows of the approximate nearest neighbours of a prepared query among the live labels (at least
    /// <paramref name="count"/> when the collection has that many); null once disposed. Call after <see cref="Sync"/>, under the read lock.</summary>
    public List<int>? Search(CollectionState state, float[] query, int count)
    {
        _lock.EnterReadLock();
        try
        {
            if (_disposed)
            {
                return null;
            }

            var want = Math.Min(Labels, (int)Math.Ceiling(count * (Labels / (double)Math.Max(1, Live))) + (Labels > Live ? 8 : 0));
            while (true)
            {
                var keys = new long[want];
                var found = _graph.Search(query, keys, new float[want]);
                var rows = new List<int>(Math.Min(found, count));
                for (var i = 0; i < found; i++)
                {
                    var label = (int)keys[i];
                    if (_stamps[label] != 0 && state.TryGetRow(_keys[label], out var row) && state.StampAt(row) == _stamps[label])
                    {
                        rows.Add(row);
                    }
                }

                if (rows.Count >= Math.Min(count, Live) || want >= Labels)
                {
                    return rows;
                }

                want = Math.Min(Labels, want * 2);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The index as it would be written to disk: per label the key and the vector hash (0 for dead labels), and the
    /// serialized graph. Call after <see cref="Sync"/> with the same state, under the collection's read lock.</summary>
    public HnswImage Capture(CollectionState state)
    {
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var hashes = new ulong[Labels];
            for (var label = 0; label < hashes.Length; label++)
            {
                var live = _stamps[label] != 0 && state.TryGetRow(_keys[label], out var row) && state.StampAt(row) == _stamps[label];
                hashes[label] = live ? _hashes[label] : 0;
            }

            return new HnswImage(Parameters, Sequence, Live, [.. _keys], hashes, _graph.Save());
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Changes the search beam width (ef) of this graph.</summary>
    public void SetExpansionSearch(int ef) => _graph.SetExpansionSearch(ef);

    /// <inheritdoc />
    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            _disposed = true;
            _graph.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Matches labels to the rows of another state by key and vector hash; rows without a match go to <paramref name="unmatched"/>.</summary>
    private void Match(CollectionState state, List<int> unmatched)
    {
        var labelOf = new Dictionary<UInt128, int>(Labels);
        for (var label = 0; label < Labels; label++)
        {
            _stamps[label] = 0;
            if (_hashes[label] != 0)
            {
                labelOf[_keys[label]] = label; // a later label of the same key supersedes an earlier one
            }
        }

        for (var row = 0; row < state.Count; row++)
        {
            if (labelOf.Remove(state.KeyAt(row), out var label) && _hashes[label] == Hash(state.VectorAt(row)))
            {
                _stamps[label] = state.StampAt(row);
            }
            else
            {
                unmatched.Add(row);
            }
        }

        for (var label = 0; label < Labels; label++)
        {
            if (_stamps[label] == 0)
            {
                _hashes[label] = 0;
            }
        }
    }

    private void AddRows(CollectionState state, List<int> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var first = Labels;
        if (_graph.Capacity < first + rows.Count)
        {
            _graph.EnsureCapacity(Math.Max(first + rows.Count, (long)(first * 1.25)));
        }

        foreach (var row in rows)
        {
            _keys.Add(state.KeyAt(row));
            _hashes.Add(Hash(state.VectorAt(row)));
            _stamps.Add(state.StampAt(row));
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = rows.Count >= 4096 ? Parameters.Threads : 1 };
        Parallel.ForEach(Partitioner.Create(0, rows.Count, 256), options, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                _graph.Add(first + i, state.VectorAt(rows[i]));
            }
        });
    }
}
