using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

// usage: IngestChild STORE_FOLDER VECTORS_FILE BATCH DELAY_MS
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: IngestChild STORE_FOLDER VECTORS_FILE BATCH DELAY_MS");
    return 2;
}

using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = args[0] });
var collection = store.GetCollection<ulong, WordRecord>("words", RecordDefinitions.Words(TextVectorReader.ReadDimensions(args[1])));
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
