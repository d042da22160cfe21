using System.Diagnostics;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Crash safety: a killed ingest resumes to the exact count; damaged files fail with an error naming the file.</summary>
public sealed class FaultTests
{
    [SkippableFact]
    public async Task KilledIngestResumesToExactCount()
    {
        var glove = SharedData.Require(SharedData.GloveSlice);
        using var folder = new TempFolder("skplugins-vs");
        var slice = Path.Combine(folder.Path, "slice.txt");
        File.WriteAllLines(slice, File.ReadLines(glove).Take(3000));
        var store = Path.Combine(folder.Path, "store");

        using (var child = StartChild(store, slice, batch: 100, delayMs: 150))
        {
            var watch = Stopwatch.StartNew();
            while (!HasCheckpoint(store) && watch.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited)
            {
                await Task.Delay(50);
            }

            await Task.Delay(400);
            Assert.False(child.HasExited, "the child finished before it could be killed; slow it down");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        using (var embedded = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = store }))
        {
            var partial = (EmbeddedVectorStoreCollection<ulong, WordRecord>)embedded.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(50));
            Assert.InRange(partial.Count, 100, 2999); // committed batches survived; not everything was written
            Assert.Equal(0, partial.Count % 100);
        }

        using (var rerun = StartChild(store, slice, batch: 100, delayMs: 0))
        {
            var output = await rerun.StandardOutput.ReadToEndAsync();
            await rerun.WaitForExitAsync();
            Assert.Equal(0, rerun.ExitCode);
            Assert.StartsWith("done", output, StringComparison.Ordinal);
        }

        using var final = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = store });
        var words = (EmbeddedVectorStoreCollection<ulong, WordRecord>)final.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(50));
        Assert.Equal(3000, words.Count);
        var the = await words.GetAsync(DeterministicKeys.ForWord("the"));
        Assert.Equal(1, the!.Rank);
    }

    [Fact]
    public async Task CorruptSnapshotAndLogFailNamingTheFile()
    {
        using var folder = new TempFolder("skplugins-vs");
        await WriteAsync(folder.Path, compact: true);
        var snapshot = Path.Combine(folder.Path, "items", "snapshot.bin");
        var bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(snapshot, bytes);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync(folder.Path));
        Assert.Contains(snapshot, error.Message, StringComparison.Ordinal);

        using var second = new TempFolder("skplugins-vs");
        await WriteAsync(second.Path, compact: false);
        var wal = Path.Combine(second.Path, "items", "wal.log");
        var log = File.ReadAllBytes(wal);
        log[20] ^= 0xFF; // inside the first of two batches
        File.WriteAllBytes(wal, log);
        var logError = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync(second.Path));
        Assert.Contains(wal, logError.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(second.Path, "items", "collection.json"), "{ not json");
        var schemaError = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync(second.Path));
        Assert.Contains("collection.json", schemaError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TornLastBatchIsDroppedAndCommittedOnesKept()
    {
        using var folder = new TempFolder("skplugins-vs");
        await WriteAsync(folder.Path, compact: false);
        var wal = Path.Combine(folder.Path, "items", "wal.log");
        var length = new FileInfo(wal).Length;
        using (var stream = new FileStream(wal, FileMode.Open))
        {
            stream.SetLength(length - 7); // a crash in the middle of writing the second batch
        }

        Assert.Equal(10, await OpenAsync(folder.Path));
        Assert.Equal(10, await OpenAsync(folder.Path)); // the torn tail was truncated; reopening is stable
    }

    private static async Task WriteAsync(string path, bool compact)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = path });
        var collection = store.GetCollection<ulong, TestItem>("items");
        await collection.EnsureCollectionExistsAsync();
        var items = TestItem.Create(20);
        await collection.UpsertAsync(items.Take(10));
        await collection.UpsertAsync(items.Skip(10));
        if (compact)
        {
            store.Compact();
        }
    }

    private static Task<int> OpenAsync(string path)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = path });
        return Task.FromResult(((EmbeddedVectorStoreCollection<ulong, TestItem>)store.GetCollection<ulong, TestItem>("items")).Count);
    }

    private static bool HasCheckpoint(string store) => Directory.Exists(Path.Combine(store, ".ingest")) && Directory.EnumerateFiles(Path.Combine(store, ".ingest"), "words.*.ingest.json").Any();

    private static Process StartChild(string store, string vectors, int batch, int delayMs) =>
        ChildProcess.Start(store, vectors, batch.ToString(System.Globalization.CultureInfo.InvariantCulture), delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
