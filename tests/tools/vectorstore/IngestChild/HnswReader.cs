using System.Globalization;
using System.Text.Json;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.VectorStore.IngestChild;

/// <summary>
/// A reader process for the HNSW tests: opens a word collection in another store instance and answers, for every line of
/// stdin (a query vector, comma-separated), one JSON line: the ids of the approximate top-10 and its index counters.
/// </summary>
internal static class HnswReader
{
    public static async Task<int> RunAsync(string storeFolder, string collectionName, int dimensions)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = storeFolder, HnswExpansionSearch = 400 });
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>(collectionName, RecordDefinitions.Words(dimensions));
        collection.SearchMode = EmbeddedSearchMode.Approximate;
        while (Console.In.ReadLine() is { } line)
        {
            var query = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var ids = new List<ulong>();
            await foreach (var hit in collection.SearchAsync(query, 10))
            {
                ids.Add(hit.Record.Id);
            }

            var stats = store.IndexStatistics(collectionName)!;
            Console.WriteLine(JsonSerializer.Serialize(new { ids, count = collection.Count, builds = stats.Builds, reads = stats.Reads, added = stats.Added }));
            Console.Out.Flush();
        }

        return 0;
    }
}
