using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Embedded vector store: ingest rate and top-10 latency (exact SIMD and HNSW with recall@10) on the GloVe slice and on
/// random 32-d vectors, against a numpy brute-force top-10 over the same vectors and queries in the same run.
/// </summary>
public sealed class VectorStoreBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "vectorstore";

    /// <inheritdoc />
    public string Description => "embedded store ingest + top-10 (exact, HNSW recall@10) on GloVe 10k×50 and N×32 random, vs numpy brute force [--size N] [--queries Q] [--hnsw-max N]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var size = IntArg(args, "--size", 1_000_000);
        var queries = IntArg(args, "--queries", 100);
        var hnswMax = IntArg(args, "--hnsw-max", 200_000);
        var root = Path.Combine(Path.GetTempPath(), "skplugins-vs-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var rows = new List<string[]>();
            var glove = FindGlove();
            if (glove is not null)
            {
                var words = RecordSources.Words(glove).ToList();
                rows.AddRange(await MeasureAsync(root, "GloVe 10k×50d", words, queries, hnswMax));
            }
            else
            {
                Console.Error.WriteLine("GloVe slice not found (../shared/mirror/datasets/glove.6B.50d.10k); skipping it");
            }

            var random = new Random(7);
            var records = Enumerable.Range(0, size).Select(i => new WordRecord
            {
                Id = (ulong)i + 1, Word = i.ToString(CultureInfo.InvariantCulture), Rank = i,
                Vector = Enumerable.Range(0, 32).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray(),
            }).ToList();
            rows.AddRange(await MeasureAsync(root, $"random {size:N0}×32d", records, queries, hnswMax));

            Console.WriteLine("| data | operation | SkPlugins embedded | numpy brute force | ratio (numpy / ours) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            foreach (var row in rows)
            {
                Console.WriteLine("| " + string.Join(" | ", row) + " |");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<string[]>> MeasureAsync(string root, string label, List<WordRecord> records, int queryCount, int hnswMax)
    {
        var dims = records[0].Vector.Length;
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(root, "store"), CompactionBytes = 256L << 20 });
        var name = "bench" + dims + "_" + records.Count;
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>(name, RecordDefinitions.Words(dims));
        Console.Error.WriteLine($"{label}: ingesting…");
        var ingest = await VectorIngestion.IngestAsync(collection, records, label, new IngestionOptions { BatchSize = 10_000 });
        Console.Error.WriteLine($"{label}: ingested {ingest.Upserted} in {ingest.Elapsed.TotalSeconds:F1} s");
        var queries = records.Where((_, i) => i % Math.Max(1, records.Count / queryCount) == 0).Take(queryCount).Select(r => r.Vector.ToArray()).ToList();

        collection.SearchMode = EmbeddedSearchMode.Exact;
        for (var i = 0; i < 200; i++)
        {
            await collection.SearchAsync(queries[i % queries.Count], 10).ToListAsync(); // warm up: let tiered JIT reach tier 1
        }
        var exact = new List<HashSet<ulong>>();
        var watch = Stopwatch.StartNew();
        foreach (var q in queries)
        {
            exact.Add((await collection.SearchAsync(q, 10).ToListAsync()).Select(h => h.Record.Id).ToHashSet());
        }

        var exactMs = watch.Elapsed.TotalMilliseconds / queries.Count;
        Console.Error.WriteLine($"{label}: exact {exactMs:F2} ms/query");

        var numpy = Numpy(root, records, queries);
        string Ratio(double? reference, double ours) => reference is { } r ? (r / ours).ToString("F1", CultureInfo.InvariantCulture) + "×" : "n/a";
        var exactRow = new[] { label, "top-10 exact (ms/query)", $"{exactMs:F3}", numpy is { } n ? $"{n:F3}" : "numpy missing", Ratio(numpy, exactMs) };
        var ingestRow = new[] { label, "ingest (records/s)", $"{ingest.RecordsPerSecond:N0}", "–", "–" };
        if (records.Count > hnswMax)
        {
            return [ingestRow, exactRow, [label, $"top-10 HNSW: skipped above --hnsw-max {hnswMax:N0} (index build is minutes)", "–", "–", "–"]];
        }

        collection.SearchMode = EmbeddedSearchMode.Approximate;
        Console.Error.WriteLine($"{label}: building HNSW…");
        watch.Restart();
        await collection.SearchAsync(queries[0], 10).ToListAsync(); // builds the index
        var buildSeconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{label}: HNSW built in {buildSeconds:F1} s");
        var hits = 0;
        watch.Restart();
        for (var i = 0; i < queries.Count; i++)
        {
            hits += (await collection.SearchAsync(queries[i], 10).ToListAsync()).Count(h => exact[i].Contains(h.Record.Id));
        }

        var approxMs = watch.Elapsed.TotalMilliseconds / queries.Count;
        var recall = hits / (10.0 * queries.Count);
        return
        [
            ingestRow,
            exactRow,
            [label, $"top-10 HNSW (ms/query), recall@10 {recall:F3}, build {buildSeconds:F1} s", $"{approxMs:F3}", numpy is { } m ? $"{m:F3}" : "numpy missing", Ratio(numpy, approxMs)],
        ];
    }

    private static double? Numpy(string root, List<WordRecord> records, List<float[]> queries)
    {
        var dims = records[0].Vector.Length;
        var data = Path.Combine(root, "data.f32");
        var query = Path.Combine(root, "queries.f32");
        using (var writer = new BinaryWriter(File.Create(data)))
        {
            foreach (var r in records)
            {
                foreach (var v in r.Vector.Span)
                {
                    writer.Write(v);
                }
            }
        }

        using (var writer = new BinaryWriter(File.Create(query)))
        {
            foreach (var q in queries)
            {
                foreach (var v in q)
                {
                    writer.Write(v);
                }
            }
        }

        const string script = """
            import sys, time, numpy as np
            d = int(sys.argv[3])
            x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, d)
            x /= np.linalg.norm(x, axis=1, keepdims=True)
            q = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, d)
            q /= np.linalg.norm(q, axis=1, keepdims=True)
            s = x @ q[0]; np.argpartition(-s, 10)[:10]
            t = time.perf_counter()
            for v in q:
                s = x @ v
                top = np.argpartition(-s, 10)[:10]
                top = top[np.argsort(-s[top])]
            print((time.perf_counter() - t) * 1000 / len(q))
            """;
        try
        {
            var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", script, data, query, dims.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine("numpy reference failed: " + error.Trim());
                return null;
            }

            return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("python3 not found; numpy reference skipped");
            return null;
        }
    }

    private static string? FindGlove()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "mirror", "datasets", "glove.6B.50d.10k", "glove.6B.50d.10k.txt");
            if (File.Exists(path))
            {
                return Path.GetFullPath(path);
            }
        }

        return null;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
