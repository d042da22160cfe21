using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

// usage: IngestChild STORE_FOLDER VECTORS_FILE BATCH DELAY_MS [LOCK_TIMEOUT_S]
//        IngestChild --hold STORE_FOLDER COLLECTION   (holds the collection's writer lock until stdin closes)
//        IngestChild --stress STORE_FOLDER ITERATIONS (the stress run: writers and a reader, kill -9, checks; see StressRun)
//        IngestChild --writer STORE_FOLDER WRITER_ID FIRST_BATCH | --reader STORE_FOLDER (its worker processes)
//        IngestChild --hnsw-reader STORE_FOLDER COLLECTION DIMENSIONS (approximate top-10 ids + index counters per stdin query line)
if (args is ["--hold", var folder, var name])
{
    using (WriterLock.Acquire(Path.Combine(folder, name), name, TimeSpan.FromSeconds(30)))
    {
        Console.WriteLine("holding");
        Console.Out.Flush();
        Console.In.ReadToEnd();
    }

    return 0;
}

if (args is ["--writer", var writerStore, var writerId, var firstBatch])
{
    return await SkPlugins.VectorStore.IngestChild.StressWorkers.WriteAsync(writerStore, int.Parse(writerId, System.Globalization.CultureInfo.InvariantCulture), int.Parse(firstBatch, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--reader", var readerStore])
{
    return SkPlugins.VectorStore.IngestChild.StressWorkers.Read(readerStore);
}

if (args is ["--hnsw-reader", var hnswStore, var hnswCollection, var hnswDims])
{
    return await SkPlugins.VectorStore.IngestChild.HnswReader.RunAsync(hnswStore, hnswCollection, int.Parse(hnswDims, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--stress", var stressStore, var iterations])
{
    return await SkPlugins.VectorStore.IngestChild.StressRun.RunAsync(stressStore, int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
}

if (args.Length is not (4 or 5))
{
    Console.Error.WriteLine("usage: IngestChild STORE_FOLDER VECTORS_FILE BATCH DELAY_MS [LOCK_TIMEOUT_S] | --hold STORE_FOLDER COLLECTION");
    return 2;
}

var options = new EmbeddedVectorStoreOptions { Path = args[0] };
if (args.Length == 5)
{
    options.WriterLockTimeout = TimeSpan.FromSeconds(double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
}

using var store = new EmbeddedVectorStore(options);
var collection = store.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(TextVectorReader.ReadDimensions(args[1])));
try
{
    var result = await VectorIngestion.IngestAsync(
        collection,
        RecordSources.Words(args[1]),
        VectorIngestion.SourceFingerprint(args[1]),
        new IngestionOptions
        {
            BatchSize = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
            BatchDelay = TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
            CheckpointFolder = Path.Combine(args[0], ".ingest"),
            Progress = new Progress<IngestionProgress>(p => Console.Error.WriteLine($"committed {p.Done}")),
        });
    Console.WriteLine($"done {result.Upserted} {result.Resumed}");
    return 0;
}
catch (TimeoutException ex)
{
    Console.WriteLine($"timeout {ex.Message}");
    return 3;
}
