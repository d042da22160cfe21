using System.Diagnostics;
using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>
/// Batched, idempotent, resumable ingestion into any VectorData collection: records are upserted in batches (keys are
/// deterministic, so repeating a batch overwrites it), and a checkpoint after each committed batch lets an interrupted run
/// resume where it stopped.
/// </summary>
public static class VectorIngestion
{
    /// <summary>Ingests <paramref name="records"/> into <paramref name="collection"/> (created if needed).</summary>
    /// <param name="collection">The target collection.</param>
    /// <param name="records">The records, in a stable order (the checkpoint counts them).</param>
    /// <param name="source">A fingerprint of the source (see <see cref="SourceFingerprint"/>); a changed source restarts the ingest.</param>
    /// <param name="options">Batch size, checkpoint folder, progress.</param>
    /// <param name="total">The number of records, when known (for progress).</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static async Task<IngestionResult> IngestAsync<TKey, TRecord>(
        VectorStoreCollection<TKey, TRecord> collection, IEnumerable<TRecord> records, string source, IngestionOptions? options = null, long? total = null, CancellationToken cancellationToken = default)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(records);
        options ??= new IngestionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var watch = Stopwatch.StartNew();
        await collection.EnsureCollectionExistsAsync(cancellationToken);
        var checkpointPath = options.CheckpointFolder is null ? null : IngestionCheckpoint.PathFor(options.CheckpointFolder, collection.Name, source);
        var resumed = checkpointPath is null ? 0 : IngestionCheckpoint.Read(checkpointPath, source)?.Done ?? 0;
        long seen = 0;
        long upserted = 0;
        var batch = new List<TRecord>(options.BatchSize);
        foreach (var record in records)
        {
            if (seen++ < resumed)
            {
                continue;
            }

            batch.Add(record);
            if (batch.Count == options.BatchSize)
            {
                upserted += await CommitAsync(batch);
            }
        }

        upserted += await CommitAsync(batch);
        if (seen < resumed)
        {
            resumed = seen; // the source shrank: everything it holds was already committed
        }

        options.Progress?.Report(new IngestionProgress(collection.Name, resumed + upserted, total ?? seen));
        return new IngestionResult(collection.Name, upserted, resumed, seen, watch.Elapsed);

        async Task<int> CommitAsync(List<TRecord> pending)
        {
            if (pending.Count == 0)
            {
                return 0;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await collection.UpsertAsync(pending, cancellationToken);
            var count = pending.Count;
            pending.Clear();
            var done = resumed + upserted + count;
            if (checkpointPath is not null)
            {
                new IngestionCheckpoint(source, done).Write(checkpointPath);
            }

            options.Progress?.Report(new IngestionProgress(collection.Name, done, total));
            if (options.BatchDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.BatchDelay, cancellationToken);
            }

            return count;
        }
    }

    /// <summary>A fingerprint of source files (full path, size and modification time of each).</summary>
    /// <param name="files">The files (nulls are skipped).</param>
    public static string SourceFingerprint(params string?[] files) => IngestionCheckpoint.Fingerprint(files);
}
