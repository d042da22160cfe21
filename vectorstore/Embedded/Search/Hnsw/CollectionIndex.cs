using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Embedded.Search.Hnsw;

/// <summary>
/// The approximate index of one collection in this process: read from the collection's index file on first use (instead of
/// being rebuilt), kept up to date in place after writes, rebuilt in the background when none exists or too much of it is
/// dead (searches are exact meanwhile, unless the caller waits), and written back to the file after a build and whenever a
/// tenth of it is new. Writing the file takes the collection's writer lock, so index files and log batches are written by
/// one process at a time.
/// </summary>
internal sealed class CollectionIndex : IDisposable
{
    /// <summary>Above this share of dead vectors the index is rebuilt (in the background; the current one answers meanwhile).</summary>
    public const double RebuildDeadFraction = 0.25;

    private readonly string _folder;
    private readonly string _name;
    private readonly HnswParameters _parameters;
    private readonly TimeSpan _lockTimeout;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private ApproximateIndex? _current;
    private Task? _build;
    private Task _save = Task.CompletedTask;
    private bool _fileTried;
    private long _labelsAtSave;

    public CollectionIndex(string folder, string name, HnswParameters parameters, TimeSpan lockTimeout, ILogger logger)
    {
        _folder = folder;
        _name = name;
        _parameters = parameters;
        _lockTimeout = lockTimeout;
        _logger = logger;
    }

    /// <summary>What happened to this index so far: builds, file reads and writes (tests and logs read it).</summary>
    public HnswStatistics Statistics { get; } = new();

    /// <summary>The index in memory now (null before the first approximate search, or while the first build runs).</summary>
    public ApproximateIndex? Current => _current;

    /// <summary>The index file.</summary>
    public string FilePath => HnswIndexFile.PathIn(_folder);

    /// <summary>
    /// The index, synced with <paramref name="state"/> (call under the collection's read lock); null while a build runs in
    /// the background and <paramref name="wait"/> is false.
    /// </summary>
    public ApproximateIndex? Get(CollectionState state, long sequence, bool wait)
    {
        var current = CurrentOrFile(state, sequence);
        if (current is null)
        {
            var build = StartBuild(state, sequence);
            if (!wait)
            {
                return null;
            }

            build.GetAwaiter().GetResult();
            current = _current ?? throw new InvalidOperationException($"collection '{_name}': the HNSW build did not produce an index");
        }

        var added = current.Sync(state, sequence);
        if (added < 0)
        {
            return null; // replaced by a newer build while we looked: this search is exact, the next one uses the new index
        }

        if (added > 0)
        {
            Statistics.Synced(added, current.Labels);
        }

        if (current.DeadFraction > RebuildDeadFraction)
        {
            StartBuild(state, sequence);
        }
        else if (current.Labels - Interlocked.Read(ref _labelsAtSave) >= Math.Max(1, current.Labels / 10))
        {
            StartSave(() => current.Capture(state));
        }

        return current;
    }

    /// <summary>Completes when no build or file write of this index is running.</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task build, save;
            lock (_gate)
            {
                (build, save) = (_build ?? Task.CompletedTask, _save);
            }

            if (build.IsCompleted && save.IsCompleted)
            {
                await Task.WhenAll(build, save);
                return;
            }

            await Task.WhenAll(build, save).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposing.Cancel();
        try
        {
            WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // a cancelled build or a failed write was logged where it happened
        }

        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    /// <summary>The index in memory, or the one in the file the first time (null when neither).</summary>
    private ApproximateIndex? CurrentOrFile(CollectionState state, long sequence)
    {
        lock (_gate)
        {
            if (_current is not null || _fileTried)
            {
                return _current;
            }

            _fileTried = true;
            var watch = Stopwatch.StartNew();
            ApproximateIndex? read;
            string reason;
            try
            {
                read = HnswIndexFile.TryRead(FilePath, _parameters, out reason);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                (read, reason) = (null, ex.Message);
            }

            if (read is null)
            {
                if (File.Exists(FilePath))
                {
                    _logger.LogWarning("{File}: HNSW index file ignored ({Reason}); it will be rebuilt", FilePath, reason);
                    Statistics.Refused(reason);
                }

                return null;
            }

            var added = read.Sync(state, sequence);
            if (read.DeadFraction > RebuildDeadFraction)
            {
                _logger.LogWarning("{File}: HNSW index file ignored: {Dead:P0} of its vectors no longer match the collection ({Reason}); it will be rebuilt",
                    FilePath, read.DeadFraction, reason);
                Statistics.Refused($"stale: {read.DeadFraction:P0} dead");
                read.Dispose();
                return null;
            }

            _logger.LogInformation("{File}: HNSW index read in {Ms} ms ({Reason}; {Added} rows added since)", FilePath, watch.ElapsedMilliseconds, reason, added);
            Statistics.Read(read.Labels, added);
            _labelsAtSave = read.Labels - added;
            _current = read;
            return read;
        }
    }

    /// <summary>Starts a build from a copy of the rows unless one runs; returns it.</summary>
    private Task StartBuild(CollectionState state, long sequence)
    {
        lock (_gate)
        {
            if (_build is { IsCompleted: false })
            {
                return _build;
            }

            var rows = RowsCopy.Of(state, sequence);
            var token = _disposing.Token;
            _build = Task.Run(() => Build(rows, token), token);
            return _build;
        }
    }

    private void Build(RowsCopy rows, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        ApproximateIndex built;
        try
        {
            built = ApproximateIndex.Build(rows, _parameters, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "{Collection}: HNSW build failed; searches stay exact", _name);
            throw;
        }

        _logger.LogInformation("{Collection}: HNSW index built over {Rows} rows in {Seconds:F1} s on {Threads} threads",
            _name, rows.Keys.Length, watch.Elapsed.TotalSeconds, _parameters.Threads);
        Statistics.Built(rows.Keys.Length, watch.Elapsed);
        ApproximateIndex? old;
        lock (_gate)
        {
            if (token.IsCancellationRequested)
            {
                built.Dispose();
                return;
            }

            old = _current;
            _current = built;
        }

        old?.Dispose();
        StartSave(() => built.Capture(rows.Source));
    }

    /// <summary>Writes the index file in the background (one write at a time; skipped while one runs).</summary>
    private void StartSave(Func<HnswImage> capture)
    {
        lock (_gate)
        {
            if (!_save.IsCompleted || _disposing.IsCancellationRequested)
            {
                return;
            }

            HnswImage image;
            try
            {
                image = capture();
            }
            catch (ObjectDisposedException)
            {
                return; // replaced by a newer build meanwhile
            }

            Interlocked.Exchange(ref _labelsAtSave, image.Keys.Length);
            _save = Task.Run(() => Save(image));
        }
    }

    private void Save(HnswImage image)
    {
        try
        {
            var watch = Stopwatch.StartNew();
            using (WriterLock.Acquire(_folder, _name, _lockTimeout))
            {
                HnswIndexFile.Write(FilePath, image);
            }

            Statistics.Wrote(image.Keys.Length);
            _logger.LogInformation("{File}: HNSW index written ({Labels} vectors, sequence {Sequence}) in {Ms} ms",
                FilePath, image.Keys.Length, image.Sequence, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            // The index file only saves build time; the collection itself is unaffected.
            _logger.LogWarning(ex, "{File}: HNSW index not written; it stays in memory", FilePath);
        }
    }
}
