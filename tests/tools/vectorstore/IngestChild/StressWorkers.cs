using Microsoft.Extensions.Logging;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.VectorStore.IngestChild;

/// <summary>The processes of the stress run: writers that commit numbered batches and acknowledge each one on stdout,
/// and a reader that checks every read sees whole batches and never goes back.</summary>
internal static class StressWorkers
{
    /// <summary>Records per batch.</summary>
    public const int BatchSize = 25;

    /// <summary>The stress collection.</summary>
    public const string Collection = "stress";

    /// <summary>Compacts often, so kills land in compactions too.</summary>
    public const long CompactionBytes = 48 * 1024;

    /// <summary>The key of record <paramref name="index"/> of batch <paramref name="batch"/> of writer <paramref name="writer"/>.</summary>
    public static ulong Key(int writer, int batch, int index) => ((ulong)(uint)writer << 40) | ((ulong)(uint)batch << 12) | (uint)index;

    /// <summary>Opens the stress collection.</summary>
    public static EmbeddedVectorStoreCollection<ulong, WordRecord> Open(EmbeddedVectorStore store) =>
        (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>(Collection, RecordDefinitions.Words(8));

    /// <summary>Writes batches until killed: <c>ack W B</c> after batch B of writer W is committed.</summary>
    public static async Task<int> WriteAsync(string folder, int writer, int firstBatch)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder, CompactionBytes = CompactionBytes, WriterLockTimeout = TimeSpan.FromSeconds(60) }, new StderrLogger());
        var collection = Open(store);
        await collection.EnsureCollectionExistsAsync();
        var random = new Random(writer * 7919 + firstBatch);
        for (var batch = firstBatch; ; batch++)
        {
            var records = Enumerable.Range(0, BatchSize).Select(i => new WordRecord
            {
                Id = Key(writer, batch, i),
                Word = $"w{writer}-{batch}-{i}",
                Rank = batch,
                Vector = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() + 0.01f).ToArray(),
            }).ToList();
            await collection.UpsertAsync(records);
            Console.Out.WriteLine($"ack {writer} {batch}");
            Console.Out.Flush();
        }
    }

    /// <summary>Reads until stdin closes: every count is a whole number of batches and never smaller than the one before.</summary>
    public static int Read(string folder)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder });
        var collection = Open(store);
        var stop = Task.Run(() => Console.In.ReadToEnd());
        var last = 0;
        long reads = 0;
        while (!stop.IsCompleted)
        {
            var count = collection.Count;
            reads++;
            if (count % BatchSize != 0 || count < last)
            {
                Console.Out.WriteLine($"violation: read {count} records after {last}");
                return 1;
            }

            last = count;
            Thread.Sleep(2);
        }

        Console.Out.WriteLine($"reads {reads} last {last}");
        return 0;
    }

    /// <summary>Reports the store's warnings (torn batches dropped) on stderr as <c>warn: …</c>.</summary>
    private sealed class StderrLogger : ILogger<EmbeddedVectorStore>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine("warn: " + formatter(state, exception));
            }
        }
    }
}
