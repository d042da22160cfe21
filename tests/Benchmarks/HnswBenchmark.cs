using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Benchmarks;

/// <summary>
/// The embedded store's HNSW index (our own graph, persisted, built on N threads) beside hnswlib (python3-hnswlib) in the same run,
/// on the same random unit vectors and queries, with the same M and ef_construction: build time and rate, top-10 latency and
/// recall@10 (against a numpy brute force) per ef, and the time to open a collection with its index file.
/// The reference runs in tests/tools/vectorstore/hnswlib_reference.py.
/// </summary>
public sealed class HnswBenchmark : IBenchmark
{
    private const int K = 10;

    /// <inheritdoc />
    public string Name => "hnsw";

    /// <inheritdoc />
    public string Description => "HNSW index (persisted, parallel build) vs hnswlib, same vectors/queries/M/ef_construction [--sizes 1000000x32,400000x50] [--queries 1000] [--m 16] [--efc 100] [--threads 2] [--ef 16,32,64,128,256]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        if (Array.IndexOf(args, "--open") is var at and >= 0 && at + 2 < args.Length)
        {
            return await OpenOnlyAsync(args[at + 1], int.Parse(args[at + 2], CultureInfo.InvariantCulture), BenchmarkArguments.Value(args, "--efc") ?? "100", BenchmarkArguments.Value(args, "--m") ?? "16");
        }

        var sizes = (BenchmarkArguments.Value(args, "--sizes") ?? "1000000x32,400000x50").Split(',').Select(s => s.Split('x')).Select(p => (N: int.Parse(p[0], CultureInfo.InvariantCulture), D: int.Parse(p[1], CultureInfo.InvariantCulture)));
        var queries = int.Parse(BenchmarkArguments.Value(args, "--queries") ?? "1000", CultureInfo.InvariantCulture);
        var m = int.Parse(BenchmarkArguments.Value(args, "--m") ?? "16", CultureInfo.InvariantCulture);
        var efc = int.Parse(BenchmarkArguments.Value(args, "--efc") ?? "100", CultureInfo.InvariantCulture);
        var threads = int.Parse(BenchmarkArguments.Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var efs = (BenchmarkArguments.Value(args, "--ef") ?? "16,32,64,128,256").Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture)).ToList();
        var root = Path.Combine(Path.GetTempPath(), "skplugins-hnsw-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var rows = new List<string[]>();
            foreach (var (n, d) in sizes)
            {
                var measured = await MeasureAsync(root, n, d, queries, new Settings(m, efc, threads, efs));
                measured.ForEach(r => Console.Error.WriteLine("row: | " + string.Join(" | ", r) + " |"));
                rows.AddRange(measured);
            }

            Console.WriteLine($"M {m}, ef_construction {efc}, {threads} build threads, {queries} queries, top-{K}, one query at a time on one thread; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
            Console.WriteLine("| data | measure | SkPlugins | hnswlib | ratio (hnswlib / ours) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            rows.ForEach(r => Console.WriteLine("| " + string.Join(" | ", r) + " |"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Opens an existing store folder's collection <c>hnsw</c> (left by an interrupted run): the collection, then its index file.</summary>
    private static async Task<int> OpenOnlyAsync(string path, int d, string efc, string m)
    {
        using var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions
        {
            Path = path, HnswExpansionAdd = int.Parse(efc, CultureInfo.InvariantCulture), HnswConnectivity = int.Parse(m, CultureInfo.InvariantCulture),
        });
        var collection = Collection(store, d);
        var watch = Stopwatch.StartNew();
        var count = collection.Count;
        var storageS = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await collection.SearchAsync((ReadOnlyMemory<float>)UnitVectors(1, d, seed: 12), K).ToListAsync();
        var indexS = watch.Elapsed.TotalSeconds;
        var stats = store.IndexStatistics("hnsw")!;
        Console.WriteLine($"{count:N0} rows: collection opened in {storageS:F2} s, index file read in {indexS:F2} s (builds {stats.Builds}, reads {stats.Reads}, added {stats.Added}, refusals {stats.Refusals})");
        return stats.Builds == 0 && stats.Reads == 1 ? 0 : 1;
    }

    private sealed record Settings(int M, int Efc, int Threads, List<int> Efs);

    private sealed record Sweep(int Ef, double Ms, double Recall);

    private sealed record Reference(double BuildS, double BuildCpuS, List<Sweep> Sweeps, double SaveS, double LoadS, long FileBytes);

    private static async Task<List<string[]>> MeasureAsync(string root, int n, int d, int queryCount, Settings settings)
    {
        var label = $"random {n:N0}×{d}";
        var (data, queries) = (UnitVectors(n, d, seed: 11), UnitVectors(queryCount, d, seed: 12));
        var dataFile = Path.Combine(root, "data.f32");
        var queryFile = Path.Combine(root, "queries.f32");
        await File.WriteAllBytesAsync(dataFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        await File.WriteAllBytesAsync(queryFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(queries.AsSpan()).ToArray());
        var options = new EmbeddedVectorStoreOptions
        {
            Path = Path.Combine(root, "store-" + d), CompactionBytes = 1L << 30, HnswConnectivity = settings.M, HnswExpansionAdd = settings.Efc, HnswBuildThreads = settings.Threads,
        };
        const string name = "hnsw";

        double buildS, buildCpuS, writeS;
        var store = new EmbeddedVectorStore(options);
        try
        {
            var collection = Collection(store, d);
            await collection.EnsureCollectionExistsAsync();
            Console.Error.WriteLine($"{label}: ingesting…");
            for (var start = 0; start < n; start += 10_000)
            {
                await collection.UpsertAsync(Enumerable.Range(start, Math.Min(10_000, n - start)).Select(i => new WordRecord { Id = (ulong)i + 1, Word = "", Rank = i, Vector = data.AsMemory(i * d, d) }));
            }

            store.Compact(); // the collection as it stands after an ingest and a compaction: one snapshot
            Console.Error.WriteLine($"{label}: building our HNSW on {settings.Threads} threads…");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await collection.SearchAsync((ReadOnlyMemory<float>)queries.AsMemory(0, d), K).ToListAsync(); // Approximate mode waits for the build
            buildCpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            buildS = store.IndexStatistics(name)!.LastBuild.TotalSeconds;
            Console.Error.WriteLine($"{label}: ours built in {buildS:F1} s; writing the index file…");
            var watch = Stopwatch.StartNew();
            await store.WhenIndexIdleAsync(name);
            writeS = watch.Elapsed.TotalSeconds;
        }
        finally
        {
            store.Dispose();
        }

        Console.Error.WriteLine($"{label}: hnswlib (build, ef sweep, brute-force ground truth)…");
        var truthFile = Path.Combine(root, "truth.i32");
        var reference = RunReference(dataFile, queryFile, d, settings, truthFile, Path.Combine(root, "hnswlib.bin"));
        var truth = File.ReadAllBytes(truthFile);
        var truthIds = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(truth).ToArray();

        // Reopen: the collection (snapshot) and its index file, as a new process would.
        store = new EmbeddedVectorStore(options);
        try
        {
            var collection = Collection(store, d);
            var watch = Stopwatch.StartNew();
            var count = collection.Count;
            var openStorageS = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await collection.SearchAsync((ReadOnlyMemory<float>)queries.AsMemory(0, d), K).ToListAsync();
            var openIndexS = watch.Elapsed.TotalSeconds;
            var stats = store.IndexStatistics(name)!;
            if (stats.Builds != 0 || stats.Reads != 1 || count != n)
            {
                throw new InvalidOperationException($"reopen: expected the index file to be read (builds {stats.Builds}, reads {stats.Reads}, count {count})");
            }

            var ours = new List<Sweep>();
            var rawMs = new List<double>();
            store.CurrentIndex(name)!.SetExpansionSearch(settings.Efs[0]);
            await SweepAsync(collection, queries, d, truthIds, settings.Efs[0]); // discarded: lets the JIT finish tiering the search path
            IndexOnlyMs(store, queries, d);
            foreach (var ef in settings.Efs)
            {
                store.CurrentIndex(name)!.SetExpansionSearch(ef);
                ours.Add(await SweepAsync(collection, queries, d, truthIds, ef));
                rawMs.Add(IndexOnlyMs(store, queries, d));
                Console.Error.WriteLine($"{label}: ef {ef}: ours {ours[^1].Ms:F3} ms recall {ours[^1].Recall:F3}; hnswlib {reference.Sweeps.First(s => s.Ef == ef).Ms:F3} ms recall {reference.Sweeps.First(s => s.Ef == ef).Recall:F3}");
            }

            var fileBytes = new FileInfo(Path.Combine(options.Path, name, "hnsw.index")).Length;
            var result = new List<string[]>
            {
                new[] { label, "build (s)", F(buildS, 1), F(reference.BuildS, 1), Ratio(reference.BuildS, buildS) },
                new[] { label, "build rate (vectors/s)", F(n / buildS, 0), F(n / reference.BuildS, 0), Ratio(n / buildS, n / reference.BuildS) },
                new[] { label, "build CPU time, all threads (s)", F(buildCpuS, 1), F(reference.BuildCpuS, 1), Ratio(reference.BuildCpuS, buildCpuS) },
            };
            foreach (var ((o, r), raw) in ours.Zip(reference.Sweeps).Zip(rawMs))
            {
                result.Add([label, $"top-10 ms/query at ef {o.Ef} (recall@10 ours {o.Recall:F3}, hnswlib {r.Recall:F3}): SearchAsync / index only", $"{F(o.Ms, 3)} / {F(raw, 3)}", F(r.Ms, 3), $"{Ratio(r.Ms, o.Ms)} / {Ratio(r.Ms, raw)}"]);
            }

            var ourBest = ours.FirstOrDefault(s => s.Recall >= 0.95);
            var refBest = reference.Sweeps.FirstOrDefault(s => s.Recall >= 0.95);
            result.Add([label, $"top-10 ms/query at the lowest ef with recall@10 ≥ 0.95 (ours ef {ourBest?.Ef.ToString(CultureInfo.InvariantCulture) ?? "none"}, hnswlib ef {refBest?.Ef.ToString(CultureInfo.InvariantCulture) ?? "none"})",
                ourBest is null ? "–" : F(ourBest.Ms, 3), refBest is null ? "–" : F(refBest.Ms, 3), ourBest is null || refBest is null ? "–" : Ratio(refBest.Ms, ourBest.Ms)]);
            result.Add([label, $"index file: write (s), size (MB) ours {fileBytes / 1e6:F0}, hnswlib {reference.FileBytes / 1e6:F0}", F(writeS, 1), F(reference.SaveS, 1), Ratio(reference.SaveS, writeS)]);
            result.Add([label, "open with the index file: collection + index (s) / hnswlib load_index", $"{F(openStorageS, 1)} + {F(openIndexS, 1)}", F(reference.LoadS, 1), Ratio(reference.LoadS, openStorageS + openIndexS)]);
            result.Add([label, "open without it: collection + rebuild (s)", $"{F(openStorageS, 1)} + {F(buildS, 1)}", "–", "–"]);
            return result;
        }
        finally
        {
            store.Dispose();
        }
    }

    private static async Task<Sweep> SweepAsync(EmbeddedVectorStoreCollection<ulong, WordRecord> collection, float[] queries, int d, int[] truth, int ef)
    {
        var count = queries.Length / d;
        for (var i = 0; i < Math.Min(300, count); i++)
        {
            await collection.SearchAsync((ReadOnlyMemory<float>)queries.AsMemory(i * d, d), K).ToListAsync(); // warm up
        }

        var found = new List<ulong>[count];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            found[i] = await collection.SearchAsync((ReadOnlyMemory<float>)queries.AsMemory(i * d, d), K).Select(h => h.Record.Id).ToListAsync();
        }

        var ms = watch.Elapsed.TotalMilliseconds / count;
        var hits = 0;
        for (var i = 0; i < count; i++)
        {
            var expected = truth.AsSpan(i * K, K).ToArray().Select(id => (ulong)id + 1).ToHashSet();
            hits += found[i].Count(expected.Contains);
        }

        return new Sweep(ef, ms, hits / (double)(K * count));
    }

    /// <summary>Mean ms per query through the index alone (storage refresh, graph search, live-row mapping), no ranking or records.</summary>
    private static double IndexOnlyMs(EmbeddedVectorStore store, float[] queries, int d)
    {
        var count = queries.Length / d;
        var prepared = Enumerable.Range(0, count).Select(i => queries.AsSpan(i * d, d).ToArray()).ToList();
        for (var i = 0; i < Math.Min(300, count); i++)
        {
            store.SearchIndexRows("hnsw", Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity, prepared[i], K);
        }

        var watch = Stopwatch.StartNew();
        foreach (var q in prepared)
        {
            store.SearchIndexRows("hnsw", Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity, q, K);
        }

        return watch.Elapsed.TotalMilliseconds / count;
    }

    private static Reference RunReference(string data, string queries, int d, Settings settings, string truth, string indexFile)
    {
        var script = Path.Combine(BenchmarkPaths.RepoRoot(), "tests", "tools", "vectorstore", "hnswlib_reference.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, data, queries, d.ToString(CultureInfo.InvariantCulture), settings.M.ToString(CultureInfo.InvariantCulture),
            settings.Efc.ToString(CultureInfo.InvariantCulture), settings.Threads.ToString(CultureInfo.InvariantCulture), string.Join(",", settings.Efs), truth, indexFile })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("hnswlib_reference.py failed: " + errors.Result);
        }

        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        return new Reference(
            r.GetProperty("build_s").GetDouble(), r.GetProperty("build_cpu_s").GetDouble(),
            r.GetProperty("sweeps").EnumerateArray().Select(s => new Sweep(s.GetProperty("ef").GetInt32(), s.GetProperty("ms").GetDouble(), s.GetProperty("recall").GetDouble())).ToList(),
            r.GetProperty("save_s").GetDouble(), r.GetProperty("load_s").GetDouble(), r.GetProperty("file_bytes").GetInt64());
    }

    private static EmbeddedVectorStoreCollection<ulong, WordRecord> Collection(EmbeddedVectorStore store, int d)
    {
        var collection = (EmbeddedVectorStoreCollection<ulong, WordRecord>)store.GetCollection<ulong, WordRecord>("hnsw", RecordDefinitions.Words(d));
        collection.SearchMode = EmbeddedSearchMode.Approximate;
        return collection;
    }

    /// <summary>Uniform random vectors in [-1, 1]^d, scaled to unit length (the store keeps cosine vectors unit length too).</summary>
    private static float[] UnitVectors(int n, int d, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[n * d];
        for (var i = 0; i < n; i++)
        {
            var v = vectors.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                v[j] = (float)((random.NextDouble() * 2) - 1);
            }

            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v));
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }

        return vectors;
    }

    private static string F(double value, int digits) => value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Ratio(double numerator, double denominator) => (numerator / denominator).ToString("F2", CultureInfo.InvariantCulture) + "×";
}
