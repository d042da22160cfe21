using System.Diagnostics;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Issue 14's case with real processes: two ingests into one collection at once, a writer waiting for another
/// process's lock, and readers that see other processes' commits (whole batches only) without reopening.</summary>
public sealed class ConcurrentWriterTests
{
    [SkippableFact]
    public async Task TwoConcurrentIngestsOfHalvesIntoOneCollectionBothCommitEverything()
    {
        var glove = SharedData.Require(SharedData.GloveSlice);
        using var folder = new TempFolder("skplugins-vs");
        var lines = File.ReadAllLines(glove);
        var first = Path.Combine(folder.Path, "first.txt");
        var second = Path.Combine(folder.Path, "second.txt");
        File.WriteAllLines(first, lines.Take(lines.Length / 2));
        File.WriteAllLines(second, lines.Skip(lines.Length / 2));
        var store = Path.Combine(folder.Path, "store");
        var words = lines.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).ToList();

        using var a = ChildProcess.Start(store, first, "50", "2");
        using var b = ChildProcess.Start(store, second, "50", "2");
        using var reader = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = store });
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)reader.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(50));
        var seen = new List<int>();
        while (!a.HasExited || !b.HasExited)
        {
            var count = collection.Count;
            Assert.Equal(0, count % 50); // whole batches only, never a torn state
            Assert.True(seen.Count == 0 || count >= seen[^1], $"the count went back from {seen.LastOrDefault()} to {count}");
            seen.Add(count);
            await Task.Delay(20);
        }

        var outputA = await a.StandardOutput.ReadToEndAsync();
        var outputB = await b.StandardOutput.ReadToEndAsync();
        Assert.True(a.ExitCode == 0, $"first ingest: {outputA}");
        Assert.True(b.ExitCode == 0, $"second ingest: {outputB}");
        Assert.True(seen.Distinct().Count() > 2, $"the reader saw no progress while the ingests ran: {string.Join(',', seen.Distinct())}");

        Assert.Equal(words.Distinct().Count(), collection.Count); // the running reader sees the end without reopening
        using var reopened = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = store });
        var fresh = reopened.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(50));
        foreach (var word in words.Where((_, i) => i % 97 == 0))
        {
            var record = await fresh.GetAsync(DeterministicKeys.ForWord(word));
            Assert.Equal(word, record?.Word);
        }

        Assert.Equal(words.Count, ((EmbeddedVectorStoreCollection<ulong, WordRecord>)fresh).Count);
    }

    [Fact]
    public async Task StressRunWithKill9KeepsEveryAcknowledgedBatch()
    {
        // The short version of `IngestChild --stress STORE 200` (tests/tools/vectorstore/IngestChild/StressRun.cs).
        using var folder = new TempFolder("skplugins-vs");
        using var run = ChildProcess.Start("--stress", folder.Path, "4");
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, output);
        Assert.Contains("PASS 4 iterations", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondWriterWaitsThenFailsNamingTheCollectionAndTheHolder()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path, WriterLockTimeout = TimeSpan.FromSeconds(1) });
        var collection = store.GetCollection<ulong, TestItem>("items");
        await collection.EnsureCollectionExistsAsync();
        var items = TestItem.Create(20);
        await collection.UpsertAsync(items.Take(10));

        using var holder = ChildProcess.Start("--hold", folder.Path, "items");
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync());
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => collection.UpsertAsync(items.Skip(10)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 10);
        Assert.Contains("collection 'items'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {holder.Id}", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, ((EmbeddedVectorStoreCollection<ulong, TestItem>)collection).Count); // reads go on while the lock is held

        holder.StandardInput.Close();
        await holder.WaitForExitAsync();
        await collection.UpsertAsync(items.Skip(10));
        Assert.Equal(20, ((EmbeddedVectorStoreCollection<ulong, TestItem>)collection).Count);
    }

    [Fact]
    public async Task AWaitingWriterSucceedsOnceTheHolderLetsGo()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path, WriterLockTimeout = TimeSpan.FromSeconds(30) });
        var collection = store.GetCollection<ulong, TestItem>("items");
        await collection.EnsureCollectionExistsAsync();
        using var holder = ChildProcess.Start("--hold", folder.Path, "items");
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync());
        var watch = Stopwatch.StartNew();
        var write = Task.Run(() => collection.UpsertAsync(TestItem.Create(5)));
        await Task.Delay(700);
        Assert.False(write.IsCompleted, "the write did not wait for the other process's lock");
        holder.StandardInput.Close();
        await write;
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.6, 20);
        Assert.Equal(5, ((EmbeddedVectorStoreCollection<ulong, TestItem>)collection).Count);
    }

    [Fact]
    public async Task AWriterAfterAnotherWritersCompactionWasCutShortKeepsEveryBatch()
    {
        // The stress run's "acknowledged but missing" window: writer A compacts (snapshot, then the log truncated) and is killed
        // before the new log's first batch, so the log is empty. Writer B, which had not seen A's last batches, must not take the
        // empty log for "nothing new": its next batch would get a sequence number the snapshot already covers and be skipped.
        using var folder = new TempFolder("skplugins-vs");
        using var storeA = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        using var storeB = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var a = storeA.GetCollection<ulong, TestItem>("items");
        var b = storeB.GetCollection<ulong, TestItem>("items");
        await a.EnsureCollectionExistsAsync();
        var items = TestItem.Create(25);
        await a.UpsertAsync(items.Take(5));
        await b.UpsertAsync(items.Skip(5).Take(5));
        await a.UpsertAsync(items.Skip(10).Take(5));
        await a.UpsertAsync(items.Skip(15).Take(5));
        storeA.Compact();
        CutCompactionShort(folder.Path);

        await b.UpsertAsync(items.Skip(20));
        await AssertReopenedHoldsAsync(folder.Path, items);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AWriterThatOpenedTheEmptyCollectionKeepsEveryBatchAfterAnotherWritersCompactionWasCutShort(bool readFirst)
    {
        // The stress run's first-iteration loss: B opened the collection while its log was still empty; A wrote, compacted and was
        // killed between the truncation and the new log's first batch. The log is empty again, exactly as B last saw it, but the
        // snapshot now holds A's batches: B's next batch must follow the snapshot's sequence, not restart at 1.
        using var folder = new TempFolder("skplugins-vs");
        using var storeA = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        using var storeB = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var a = storeA.GetCollection<ulong, TestItem>("items");
        var b = (EmbeddedVectorStoreCollection<ulong, TestItem>)storeB.GetCollection<ulong, TestItem>("items");
        await b.EnsureCollectionExistsAsync();
        Assert.Equal(0, b.Count);
        var items = TestItem.Create(25);
        for (var i = 0; i < 4; i++)
        {
            await a.UpsertAsync(items.Skip(i * 5).Take(5));
        }

        storeA.Compact();
        CutCompactionShort(folder.Path);

        if (readFirst)
        {
            Assert.Equal(20, b.Count); // a reader that saw the empty log sees the snapshot's batches without a write
        }

        await b.UpsertAsync(items.Skip(20));
        await AssertReopenedHoldsAsync(folder.Path, items);
    }

    [Fact]
    public async Task ProcessesCreatingOneCollectionAtOnceShareItAndLeaveNoTemporaryFiles()
    {
        using var folder = new TempFolder("skplugins-vs");
        var stores = Enumerable.Range(0, 6).Select(_ => new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path })).ToList();
        try
        {
            var items = TestItem.Create(60);
            await Task.WhenAll(stores.Select((store, k) => Task.Run(async () =>
            {
                var collection = store.GetCollection<ulong, TestItem>("items");
                await collection.EnsureCollectionExistsAsync();
                await collection.UpsertAsync(items.Skip(k * 10).Take(10));
            })));

            var orphan = Path.Combine(folder.Path, "items", "snapshot.bin.tmp-999999-0123456789abcdef");
            await File.WriteAllTextAsync(orphan, "left by a killed writer");
            await stores[0].GetCollection<ulong, TestItem>("items").UpsertAsync(items.Take(1));
            Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "items"), "*.tmp*"));
            using var fresh = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
            Assert.Equal(60, ((EmbeddedVectorStoreCollection<ulong, TestItem>)fresh.GetCollection<ulong, TestItem>("items")).Count);
        }
        finally
        {
            stores.ForEach(store => store.Dispose());
        }
    }

    [Fact]
    public async Task AReaderFollowsAnotherWriterThroughCompactions()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var writerStore = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path, CompactionBytes = 600 });
        using var readerStore = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder.Path });
        var writer = writerStore.GetCollection<ulong, TestItem>("items");
        await writer.EnsureCollectionExistsAsync();
        var reader = (EmbeddedVectorStoreCollection<ulong, TestItem>)readerStore.GetCollection<ulong, TestItem>("items");
        var items = TestItem.Create(200);
        for (var i = 0; i < 40; i++)
        {
            await writer.UpsertAsync(items.Skip(i * 5).Take(5));
            Assert.Equal((i + 1) * 5, reader.Count);
            if (i % 7 == 6)
            {
                await writer.DeleteAsync(items[i * 5].Id);
                Assert.Null(await reader.GetAsync(items[i * 5].Id));
                await writer.UpsertAsync(items[i * 5]);
            }
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "items", "snapshot.bin")), "no compaction happened");
        var hit = await reader.GetAsync(items[123].Id);
        Assert.Equal(123, hit!.Rank);
    }

    /// <summary>Empties the log as a writer killed between a compaction's truncation and the new log's first batch leaves it.</summary>
    private static void CutCompactionShort(string store)
    {
        using var log = new FileStream(Path.Combine(store, "items", "wal.log"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        log.SetLength(0);
    }

    /// <summary>A fresh store over <paramref name="store"/> holds exactly <paramref name="items"/>.</summary>
    private static async Task AssertReopenedHoldsAsync(string store, IReadOnlyList<TestItem> items)
    {
        using var fresh = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = store });
        var reopened = (EmbeddedVectorStoreCollection<ulong, TestItem>)fresh.GetCollection<ulong, TestItem>("items");
        Assert.Equal(items.Count, reopened.Count);
        foreach (var item in items)
        {
            Assert.Equal(item.Rank, (await reopened.GetAsync(item.Id))?.Rank);
        }
    }
}
