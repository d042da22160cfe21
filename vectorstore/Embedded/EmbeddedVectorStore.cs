using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded.Search;
using SkPlugins.VectorStore.Embedded.Search.Hnsw;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded;

/// <summary>
/// The default vector store: no server, one folder per collection under <see cref="EmbeddedVectorStoreOptions.Path"/>,
/// crash-safe commits (checksummed append-only log + atomic snapshots), exact SIMD top-k and an HNSW index (our own, hnswlib's algorithm) for
/// large collections. Any number of processes read a collection and see each other's commits; one process writes it at a
/// time (an exclusive OS lock per collection, waited for up to <see cref="EmbeddedVectorStoreOptions.WriterLockTimeout"/>).
/// </summary>
public sealed class EmbeddedVectorStore : Microsoft.Extensions.VectorData.VectorStore
{
    /// <summary>The system name reported in metadata and errors.</summary>
    public const string SystemName = "skplugins-embedded";

    private readonly ConcurrentDictionary<string, CollectionStorage> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CollectionIndex> _indexes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ILogger _logger;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Folder, approximate search and compaction settings.</param>
    /// <param name="logger">Warnings (dropped torn batches) go here.</param>
    public EmbeddedVectorStore(EmbeddedVectorStoreOptions? options = null, ILogger<EmbeddedVectorStore>? logger = null)
    {
        Options = options ?? new EmbeddedVectorStoreOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Directory.CreateDirectory(Options.Path);
    }

    /// <summary>The options.</summary>
    public EmbeddedVectorStoreOptions Options { get; }

    /// <inheritdoc />
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
        => new EmbeddedVectorStoreCollection<TKey, TRecord>(this, name, definition);

    /// <inheritdoc />
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
        => new EmbeddedVectorStoreCollection<object, Dictionary<string, object?>>(this, name, definition);

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var folder in Directory.EnumerateDirectories(Options.Path).Order(StringComparer.Ordinal))
        {
            if (File.Exists(CollectionStorage.SchemaPath(folder)))
            {
                yield return Path.GetFileName(folder);
            }
        }
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
        => Task.FromResult(File.Exists(CollectionStorage.SchemaPath(FolderOf(name))));

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(name);
        lock (_gate)
        {
            // Take the writer lock, so that no other process is halfway through a batch when the folder goes.
            using var writerLock = Directory.Exists(folder) && File.Exists(CollectionStorage.SchemaPath(folder))
                ? WriterLock.Acquire(folder, name, Options.WriterLockTimeout)
                : null;
            if (_open.TryRemove(name, out var storage))
            {
                storage.Dispose();
            }

            if (_indexes.TryRemove(name, out var index))
            {
                index.Dispose();
            }

            if (Directory.Exists(folder))
            {
                // Remove the schema first: a crash mid-delete leaves a folder that no longer counts as a collection.
                File.Delete(CollectionStorage.SchemaPath(folder));
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = SystemName, VectorStoreName = Options.Path }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Folds every open collection's log into a snapshot (also done automatically as logs grow).</summary>
    public void Compact()
    {
        foreach (var storage in _open.Values)
        {
            storage.Compact();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                foreach (var storage in _open.Values)
                {
                    storage.Dispose();
                }

                foreach (var index in _indexes.Values)
                {
                    index.Dispose();
                }

                _open.Clear();
                _indexes.Clear();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>The open storage of a collection, opening (and with <paramref name="create"/>, creating) it; null when it does not exist.</summary>
    internal CollectionStorage? Open(string name, CollectionSchema schema, bool create)
    {
        if (_open.TryGetValue(name, out var open))
        {
            open.Schema.EnsureMatches(schema, name);
            return open;
        }

        lock (_gate)
        {
            if (_open.TryGetValue(name, out open))
            {
                return open;
            }

            var folder = FolderOf(name);
            if (!create && !File.Exists(CollectionStorage.SchemaPath(folder)))
            {
                return null;
            }

            var storage = CollectionStorage.Open(folder, schema, name, create, _logger, new CollectionStorageOptions(Options.CompactionBytes, Options.WriterLockTimeout));
            _open[name] = storage;
            return storage;
        }
    }

    /// <summary>The HNSW index of a collection synced with <paramref name="state"/> (call under the read lock): read from the
    /// collection's index file the first time, updated in place after writes; null while it is being built in the background
    /// and <paramref name="wait"/> is false.</summary>
    internal ApproximateIndex? GetIndex(string name, CollectionState state, long sequence, string distance, bool wait)
    {
        if (!_indexes.TryGetValue(name, out var index))
        {
            var parameters = new HnswParameters(state.Dimensions, ApproximateIndex.MetricOf(distance), Options.HnswConnectivity,
                Options.HnswExpansionAdd, Options.HnswExpansionSearch, Math.Max(1, Options.HnswBuildThreads));
            index = _indexes.GetOrAdd(name, _ => new CollectionIndex(FolderOf(name), name, parameters, Options.WriterLockTimeout, _logger));
        }

        return index.Get(state, sequence, wait);
    }

    /// <summary>The counters of a collection's HNSW index in this store (null before its first approximate search).</summary>
    internal HnswStatistics? IndexStatistics(string name) => _indexes.TryGetValue(name, out var index) ? index.Statistics : null;

    /// <summary>The rows of the approximate nearest neighbours of a prepared query in an open collection, through its HNSW
    /// index without ranking or materialising records (the benchmark's view of the index path); null when not open or not built.</summary>
    internal List<int>? SearchIndexRows(string name, string distance, float[] query, int count) => _open.TryGetValue(name, out var storage)
        ? storage.Read(state => GetIndex(name, state, storage.Sequence, distance, wait: true)?.Search(state, query, count))
        : null;

    /// <summary>The HNSW index of a collection in memory now, as it stood after the last search (null when none).</summary>
    internal ApproximateIndex? CurrentIndex(string name) => _indexes.TryGetValue(name, out var index) ? index.Current : null;

    /// <summary>Completes when no HNSW build or index file write of the collection runs in this store.</summary>
    internal Task WhenIndexIdleAsync(string name) => _indexes.TryGetValue(name, out var index) ? index.WhenIdleAsync() : Task.CompletedTask;

    private string FolderOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 128 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"collection name '{name}' is not allowed: use 1-128 ASCII letters, digits, '_', '-' or '.'", nameof(name));
        }

        return Path.Combine(Options.Path, name);
    }
}
