using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Exact top-10 of the embedded store on N×D random vectors (cosine and Euclidean), one query at a time, beside FAISS
/// (IndexFlatIP / IndexFlatL2, python3-faiss) and numpy brute force on the same vectors and queries in the same run
/// (<c>tests/tools/vectorstore/exact_reference.py</c>); reports the GB/s our scan reads against the machine's memory read
/// bandwidth measured in the same run, and how many of our top-10 ids FAISS also returns; then the optional 8-bit scan
/// (<see cref="ScanQuantization.Int8"/>) on the cosine data with its recall@10 against our float32 scan.
/// </summary>
public sealed class ExactSearchBenchmark : IBenchmark
{
    private const int K = 10;

    /// <inheritdoc />
    public string Name => "vectorstore-exact";

    /// <inheritdoc />
    public string Description => "exact top-10, N×D random (cosine, Euclidean), vs FAISS IndexFlatIP/L2 and numpy in the same run; GB/s vs memory bandwidth [--size N] [--dimensions D] [--queries Q] [--rounds R] [--no-int8]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var size = IntArg(args, "--size", 1_000_000);
        var dims = IntArg(args, "--dimensions", 32);
        var queryCount = IntArg(args, "--queries", 100);
        var rounds = IntArg(args, "--rounds", 3);
        var root = Path.Combine(Path.GetTempPath(), "skplugins-exact-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var loadBefore = LoadAverage();
            Console.Error.WriteLine("measuring memory read bandwidth…");
            var oneCore = MemoryBandwidth.ReadGigabytesPerSecond(1L << 30, 1);
            var allCores = MemoryBandwidth.ReadGigabytesPerSecond(1L << 30, Environment.ProcessorCount);
            var records = RandomVectors(size, dims, seed: 7);
            var queries = RandomVectors(queryCount, dims, seed: 11).Select(r => r.Vector.ToArray()).ToList();
            var dataPath = WriteMatrix(Path.Combine(root, "data.f32"), records.Select(r => r.Vector.ToArray()));
            var queryPath = WriteMatrix(Path.Combine(root, "queries.f32"), queries);

            var rows = new List<string>();
            List<int[]>? cosineIds = null;
            var cosineFaiss = double.NaN;
            foreach (var (distance, metric) in new[] { (DistanceFunction.CosineSimilarity, "ip"), (DistanceFunction.EuclideanDistance, "l2") })
            {
                var (oursMs, ourIds) = await MeasureOursAsync(root, records, queries, distance, rounds, ScanQuantization.None);
                Console.Error.WriteLine($"{distance}: ours {oursMs:F2} ms/query; running FAISS and numpy…");
                var reference = Reference(dataPath, queryPath, dims, metric, rounds);
                var scanned = (double)size * dims * sizeof(float) / (oursMs / 1000) / 1e9;
                if (metric == "ip")
                {
                    (cosineIds, cosineFaiss) = (ourIds, reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("faiss_ms", out var f) ? f.GetDouble() : double.NaN);
                }

                rows.Add(Row(
                    $"random {size:N0}×{dims}", distance, oursMs, reference, scanned, Agreement(ourIds, reference)));
            }

            if (!args.Contains("--no-int8"))
            {
                var (int8Ms, int8Ids) = await MeasureOursAsync(root, records, queries, DistanceFunction.CosineSimilarity, rounds, ScanQuantization.Int8);
                var recall = cosineIds!.Zip(int8Ids, (a, b) => b.Count(a.Contains)).Sum() / (double)(K * queries.Count);
                var gbps = (double)size * dims / (int8Ms / 1000) / 1e9;
                rows.Add(
                    $"| random {size:N0}×{dims} | CosineSimilarity, int8 scan + float32 rescoring | {int8Ms:F2} | {cosineFaiss:F2} | – | {cosineFaiss / int8Ms:F2}× | {gbps:F1} (int8) | recall@10 vs our float32 {recall:F4} |");
            }

            Console.WriteLine($"memory read bandwidth (1 GiB buffer, best of 5): 1 thread {oneCore:F1} GB/s, {Environment.ProcessorCount} threads {allCores:F1} GB/s");
            Console.WriteLine($"load average before {loadBefore}, after {LoadAverage()} ({Environment.ProcessorCount} cores)");
            Console.WriteLine();
            Console.WriteLine("| data | distance | SkPlugins ms/query | FAISS ms/query | numpy ms/query | FAISS / ours | ours GB/s scanned | top-10 ids shared with FAISS |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(double Ms, List<int[]> Ids)> MeasureOursAsync(string root, List<WordRecord> records, List<float[]> queries, string distance, int rounds, ScanQuantization quantization)
    {
        var dims = records[0].Vector.Length;
        var definition = RecordDefinitions.Words(dims);
        definition.Properties.OfType<VectorStoreVectorProperty>().Single().DistanceFunction = distance;
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(root, $"store-{distance}-{quantization}"), CompactionBytes = 1L << 30, ScanQuantization = quantization });
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>("exact", definition);
        Console.Error.WriteLine($"{distance}: ingesting {records.Count:N0} vectors…");
        await VectorIngestion.IngestAsync(collection, records, distance, new IngestionOptions { BatchSize = 50_000 });
        collection.SearchMode = EmbeddedSearchMode.Exact;
        for (var i = 0; i < 50; i++)
        {
            await collection.SearchAsync(queries[i % queries.Count], K).ToListAsync(); // tier-1 JIT
        }

        var ids = new List<int[]>();
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var times = new List<double>();
            ids.Clear();
            foreach (var q in queries)
            {
                var watch = Stopwatch.StartNew();
                var hits = await collection.SearchAsync(q, K).ToListAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                ids.Add(hits.Select(h => (int)h.Record.Id - 1).ToArray());
            }

            times.Sort();
            best = Math.Min(best, times[times.Count / 2]);
        }

        return (best, ids);
    }

    private static JsonElement Reference(string data, string queries, int dims, string metric, int rounds)
    {
        var script = Path.Combine(BenchmarkPaths.RepoRoot(), "tests", "tools", "vectorstore", "exact_reference.py");
        var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, data, queries, Str(dims), Str(K), metric, "--threads", Str(Environment.ProcessorCount), "--rounds", Str(rounds) })
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"reference script failed: {error.Result.Trim()}");
                return default;
            }

            return JsonDocument.Parse(output).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("python3 not found; FAISS and numpy references skipped");
            return default;
        }
    }

    private static string Row(string data, string distance, double oursMs, JsonElement reference, double scanned, string agreement)
    {
        double? Get(string name) => reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        string Ms(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        var faiss = Get("faiss_ms");
        var ratio = faiss is { } f ? (f / oursMs).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";
        return $"| {data} | {distance} | {oursMs:F2} | {Ms(faiss)} | {Ms(Get("numpy_ms"))} | {ratio} | {scanned:F1} | {agreement} |";
    }

    private static string Agreement(List<int[]> ours, JsonElement reference)
    {
        if (reference.ValueKind != JsonValueKind.Object || !reference.TryGetProperty("ids", out var ids))
        {
            return "n/a";
        }

        var shared = 0;
        var total = 0;
        var q = 0;
        foreach (var row in ids.EnumerateArray())
        {
            var theirs = row.EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
            shared += ours[q++].Count(theirs.Contains);
            total += theirs.Count;
        }

        return $"{shared:N0}/{total:N0}";
    }

    private static List<WordRecord> RandomVectors(int count, int dims, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new WordRecord
        {
            Id = (ulong)i + 1, Word = Str(i), Rank = i,
            Vector = Enumerable.Range(0, dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray(),
        }).ToList();
    }

    private static string WriteMatrix(string path, IEnumerable<float[]> rows)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var row in rows)
        {
            foreach (var v in row)
            {
                writer.Write(v);
            }
        }

        return path;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
