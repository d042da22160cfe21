using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.WordVectors.Word2Vec;
using SkPlugins.WordVectors;

namespace SkPlugins.Benchmarks;

/// <summary>
/// Word2Vec on the tagmix playlists with the book's parameters (CBOW, vector_size=32, window=20, negative=50, min_count=1, epochs=5):
/// words/s of this trainer and gensim 4.2 (run in the same invocation with the same worker count), and both models' mean tag-Jaccard
/// of each song's 10 nearest songs; optionally (<c>--lee</c>) analogy accuracy and WordSim-353 Spearman on <c>lee_background.cor</c>.
/// </summary>
public sealed class WordVectorsBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "wordvectors";

    /// <inheritdoc />
    public string Description => "Word2Vec words/s and song tag-Jaccard@10 vs gensim 4.2 [--epochs 5 --workers 2 --sg --lee --no-gensim --python PATH]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var epochs = IntOption(args, "--epochs", 5);
        var workers = IntOption(args, "--workers", 2);
        var skipGram = args.Contains("--sg");
        var python = StringOption(args, "--python", "/usr/bin/python3");
        var root = BenchmarkPaths.RepoRoot();
        var shared = Environment.GetEnvironmentVariable("SKPLUGINS_SHARED") is { Length: > 0 } env ? env : Path.Combine(root, "..", "shared");
        var datasets = Path.Combine(shared, "mirror", "datasets");
        var playlistsPath = StringOption(args, "--playlists", Path.Combine(datasets, "tagmix-playlists", "train.txt"));
        var script = Path.Combine(root, "tests", "tools", "wordvectors", "gensim_train.py");
        var scratch = Directory.CreateTempSubdirectory("skplugins-wv-bench").FullName;
        try
        {
            var catalog = SongCatalog.Load(Path.Combine(datasets, "yes_complete", "song_hash.txt"), Path.Combine(datasets, "yes_complete", "tags.txt"), Path.Combine(datasets, "yes_complete", "tag_hash.txt"));
            var corpus = PlaylistFile.Read(playlistsPath, catalog.Count);
            var options = new Word2VecOptions { VectorSize = 32, Window = 20, Negative = 50, MinCount = 1, Epochs = epochs, Workers = workers, SkipGram = skipGram };
            Console.Error.WriteLine($"corpus: {corpus.Playlists.Count:N0} playlists, {corpus.Plays:N0} plays; {epochs} epochs, {workers} workers, {(skipGram ? "skip-gram" : "CBOW")}");

            var rows = new List<(string Name, double Seconds, double CpuSeconds, double WordsPerSecond, double Jaccard)>();
            if (!args.Contains("--no-gensim"))
            {
                var gensimOut = Path.Combine(scratch, "gensim.txt");
                var report = await RunGensimAsync(python, script, ["--corpus", "playlists", playlistsPath, "--out", gensimOut, "--epochs", $"{epochs}", "--workers", $"{workers}", "--sg", skipGram ? "1" : "0"]);
                var vectors = WordVectorFile.Load(gensimOut);
                rows.Add(("gensim 4.2", report.GetProperty("seconds").GetDouble(), report.GetProperty("cpu_seconds").GetDouble(), report.GetProperty("words_per_second").GetDouble(), SongNeighbourQuality.MeanTagJaccard(vectors, catalog, sampleSize: 3000)));
            }

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = new Word2VecTrainer(options).Train(corpus.Playlists, new Progress<Word2VecProgress>(p => Console.Error.Write($"\r  epoch {p.Epoch}/{p.Epochs} {p.Fraction:P0} {p.WordsPerSecond:N0} words/s ")));
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.Error.WriteLine();
            rows.Add(("SkPlugins Word2VecTrainer", result.Seconds, cpuSeconds, result.WordsPerSecond, SongNeighbourQuality.MeanTagJaccard(result.Vectors, catalog, sampleSize: 3000)));
            var baseline = SongNeighbourQuality.RandomBaseline(result.Vectors, catalog, sampleSize: 3000);

            Console.WriteLine($"### Word2Vec on tagmix playlists ({(skipGram ? "skip-gram" : "CBOW")}, vector_size=32, window=20, negative=50, min_count=1, epochs={epochs}, workers={workers})");
            Console.WriteLine();
            Console.WriteLine("| trainer | wall s | CPU s | words/s (wall) | × gensim (wall) | × gensim (per CPU s) | tag-Jaccard@10 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            var reference = rows[0];
            foreach (var row in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Seconds:F1} | {row.CpuSeconds:F1} | {row.WordsPerSecond:N0} | {row.WordsPerSecond / reference.WordsPerSecond:F2} | {reference.CpuSeconds / row.CpuSeconds:F2} | {row.Jaccard:F4} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| random neighbours | | | | | | {baseline:F4} |"));
            if (args.Contains("--lee"))
            {
                await LeeAsync(python, script, datasets, scratch, workers);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task LeeAsync(string python, string script, string datasets, string scratch, int workers)
    {
        var test = Path.Combine(datasets, "gensim-test-data");
        var lee = Path.Combine(test, "lee_background.cor");
        var sentences = File.ReadLines(lee).Select(l => SimplePreprocess.Tokenize(l)).Where(s => s.Count > 0).ToList();
        Console.WriteLine();
        Console.WriteLine("### lee_background.cor (vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=20)");
        Console.WriteLine();
        Console.WriteLine("| trainer | model | analogy accuracy (answered) | WordSim-353 Spearman | Pearson |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var sg in new[] { false, true })
        {
            var gensimOut = Path.Combine(scratch, $"lee-{sg}.txt");
            await RunGensimAsync(python, script, ["--corpus", "text", lee, "--out", gensimOut, "--vector-size", "100", "--window", "5", "--negative", "5", "--min-count", "5", "--epochs", "20", "--workers", $"{workers}", "--sg", sg ? "1" : "0"]);
            var ours = new Word2VecTrainer(new Word2VecOptions { VectorSize = 100, Window = 5, Negative = 5, MinCount = 5, Epochs = 20, Workers = workers, SkipGram = sg }).Train(sentences).Vectors;
            foreach (var (name, vectors) in new[] { ("gensim 4.2", WordVectorFile.Load(gensimOut)), ("SkPlugins", ours) })
            {
                var analogies = WordVectorEvaluation.EvaluateWordAnalogies(vectors, Path.Combine(test, "questions-words.txt"));
                var pairs = WordVectorEvaluation.EvaluateWordPairs(vectors, Path.Combine(test, "wordsim353.tsv"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {(sg ? "skip-gram" : "CBOW")} | {analogies.Accuracy:F4} ({analogies.Questions}) | {pairs.Spearman:F4} | {pairs.Pearson:F4} |"));
            }
        }
    }

    private static async Task<JsonElement> RunGensimAsync(string python, string script, string[] arguments)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gensim reference failed ({process.ExitCode}): {await stderr}");
        }

        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
