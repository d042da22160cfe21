using System.CommandLine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using SkPlugins.Host.CommandLine;
using SkPlugins.VectorStore.Configuration;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>store</c> command group: <c>ingest glove|songs|sentences</c> and <c>search</c>.</summary>
public static class StoreCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("store", "The vector store: ingest sentences, GloVe and song vectors; search collections");
        var ingest = new Command("ingest", "Batched, idempotent, resumable ingestion (progress on stderr)");
        ingest.Subcommands.Add(IngestGlove(context));
        ingest.Subcommands.Add(IngestSongs(context));
        ingest.Subcommands.Add(IngestSentences(context));
        command.Subcommands.Add(ingest);
        command.Subcommands.Add(Search(context));
        return command;
    }

    private static Option<string?> PathOption() => new("--path") { Description = "Embedded store folder (SkPlugins:VectorStore:Path)" };

    private static Option<string?> ProviderOption() => new("--provider") { Description = "embedded (default) or qdrant (SkPlugins:VectorStore:Provider)" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON document on stdout" };

    private static Option<int> BatchOption() => new("--batch") { Description = "Records per committed batch", DefaultValueFactory = _ => 1000 };

    private static void Configure(CliContext context, ParseResult result, Option<string?> path, Option<string?> provider) => context.Override(
    [
        new("SkPlugins:VectorStore:Path", result.GetValue(path)),
        new("SkPlugins:VectorStore:Provider", result.GetValue(provider)),
    ]);

    private static Command IngestGlove(CliContext context)
    {
        var vectors = new Option<string>("--vectors") { Description = "GloVe or word2vec text file", Required = true };
        var collectionName = new Option<string>("--collection") { Description = "Collection name", DefaultValueFactory = _ => "glove" };
        var (path, provider, json, batch) = (PathOption(), ProviderOption(), JsonOption(), BatchOption());
        var command = new Command("glove", "Ingest word vectors (GloVe/word2vec text) as WordRecord") { vectors, collectionName, path, provider, json, batch };
        command.SetAction((result, ct) => Guard(async () =>
        {
            Configure(context, result, path, provider);
            var file = result.GetValue(vectors)!;
            var store = context.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
            var collection = store.GetCollection<ulong, WordRecord>(result.GetValue(collectionName)!, RecordDefinitions.Words(TextVectorReader.ReadDimensions(file)));
            var outcome = await VectorIngestion.IngestAsync(collection, RecordSources.Words(file), VectorIngestion.SourceFingerprint(file), IngestOptions(context, result.GetValue(batch)), cancellationToken: ct);
            return Report(context, outcome, result.GetValue(json));
        }));
        return command;
    }

    private static Command IngestSongs(CliContext context)
    {
        var vectors = new Option<string>("--vectors") { Description = "word2vec text file whose words are song ids", Required = true };
        var songs = new Option<string?>("--songs") { Description = "song_hash.txt (id, title, artist)" };
        var tags = new Option<string?>("--tags") { Description = "tags.txt (tag ids per song)" };
        var collectionName = new Option<string>("--collection") { Description = "Collection name", DefaultValueFactory = _ => "songs" };
        var (path, provider, json, batch) = (PathOption(), ProviderOption(), JsonOption(), BatchOption());
        var command = new Command("songs", "Ingest song vectors as SongRecord (title, artist, tags from the Yes.com files)") { vectors, songs, tags, collectionName, path, provider, json, batch };
        command.SetAction((result, ct) => Guard(async () =>
        {
            Configure(context, result, path, provider);
            var file = result.GetValue(vectors)!;
            var (songsFile, tagsFile) = (result.GetValue(songs), result.GetValue(tags));
            var store = context.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
            var collection = store.GetCollection<ulong, SongRecord>(result.GetValue(collectionName)!, RecordDefinitions.Songs(TextVectorReader.ReadDimensions(file)));
            var outcome = await VectorIngestion.IngestAsync(
                collection, RecordSources.Songs(file, songsFile, tagsFile), VectorIngestion.SourceFingerprint(file, songsFile, tagsFile), IngestOptions(context, result.GetValue(batch)), cancellationToken: ct);
            return Report(context, outcome, result.GetValue(json));
        }));
        return command;
    }

    private static Command IngestSentences(CliContext context)
    {
        var file = new Option<string?>("--file") { Description = "One sentence per line (default: standard input)" };
        var source = new Option<string?>("--source") { Description = "Source label stored with each sentence (default: the file name)" };
        var collectionName = new Option<string>("--collection") { Description = "Collection name", DefaultValueFactory = _ => "sentences" };
        var (path, provider, json, batch) = (PathOption(), ProviderOption(), JsonOption(), BatchOption());
        var command = new Command("sentences", "Embed sentences with the registered IEmbeddingGenerator and ingest them as SentenceRecord") { file, source, collectionName, path, provider, json, batch };
        command.SetAction((result, ct) => Guard(async () =>
        {
            Configure(context, result, path, provider);
            var generator = RequireGenerator(context);
            var input = result.GetValue(file);
            var lines = (input is null ? ReadStdin() : File.ReadLines(input)).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var label = result.GetValue(source) ?? (input is null ? "stdin" : Path.GetFileName(input));
            var embeddings = await generator.GenerateAsync(lines, cancellationToken: ct);
            var dimensions = embeddings.Count == 0 ? 384 : embeddings[0].Vector.Length;
            var records = lines.Zip(embeddings, (text, e) => new SentenceRecord { Id = DeterministicKeys.ForSentence(label, text), Text = text, Source = label, Embedding = e.Vector });
            var store = context.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
            var collection = store.GetCollection<Guid, SentenceRecord>(result.GetValue(collectionName)!, RecordDefinitions.Sentences(dimensions));
            var outcome = await VectorIngestion.IngestAsync(collection, records, VectorIngestion.SourceFingerprint(input ?? "stdin:" + string.Join('\n', lines).GetHashCode(StringComparison.Ordinal)), IngestOptions(context, result.GetValue(batch)), lines.Count, ct);
            return Report(context, outcome, result.GetValue(json));
        }));
        return command;
    }

    private static Command Search(CliContext context)
    {
        var collectionName = new Argument<string>("collection") { Description = "The collection (glove, songs, sentences, …)" };
        var text = new Option<string?>("--text") { Description = "Query text, embedded with the registered generator (sentence collections)" };
        var word = new Option<string?>("--word") { Description = "A word of a word collection; finds its nearest words (it is left out)" };
        var topOption = new Option<int>("--top") { Description = "How many results", DefaultValueFactory = _ => 10 };
        var (path, provider, json) = (PathOption(), ProviderOption(), JsonOption());
        var command = new Command("search", "Nearest neighbours in a collection by text or by word") { collectionName, text, word, topOption, path, provider, json };
        command.SetAction((result, ct) => Guard(async () =>
        {
            Configure(context, result, path, provider);
            var name = result.GetValue(collectionName)!;
            var top = result.GetValue(topOption);
            var store = context.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
            if (!await store.CollectionExistsAsync(name, ct))
            {
                throw new InvalidOperationException($"collection '{name}' does not exist; ingest it first (skplugins store ingest …)");
            }

            var dimensions = await CollectionDimensions.ReadAsync(store, name, ct);
            var hits = new List<SearchHit>();
            if (result.GetValue(word) is { } w)
            {
                var collection = store.GetCollection<ulong, WordRecord>(name, RecordDefinitions.Words(dimensions));
                var record = await collection.GetAsync(DeterministicKeys.ForWord(w), new RecordRetrievalOptions { IncludeVectors = true }, ct)
                    ?? throw new KeyNotFoundException($"word '{w}' is not in collection '{name}'");
                await foreach (var hit in collection.SearchAsync(record.Vector, top + 1, cancellationToken: ct))
                {
                    if (hit.Record.Id != record.Id && hits.Count < top)
                    {
                        hits.Add(new SearchHit(hit.Record.Word, hit.Score));
                    }
                }
            }
            else if (result.GetValue(text) is { } t)
            {
                var embedding = await RequireGenerator(context).GenerateAsync(t, cancellationToken: ct);
                var collection = store.GetCollection<Guid, SentenceRecord>(name, RecordDefinitions.Sentences(dimensions));
                await foreach (var hit in collection.SearchAsync(embedding.Vector, top, cancellationToken: ct))
                {
                    hits.Add(new SearchHit(hit.Record.Text, hit.Score));
                }
            }
            else
            {
                throw new ArgumentException("give --text or --word");
            }

            if (result.GetValue(json))
            {
                context.WriteJson(new { collection = name, results = hits });
            }
            else
            {
                foreach (var hit in hits)
                {
                    context.Out.WriteLine($"{hit.Score,9:F6}  {hit.Text}");
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Reports store failures (e.g. an unreachable Qdrant) as one clear line: the CLI treats InvalidOperationException as a user error.</summary>
    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (VectorStoreException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    private static IEmbeddingGenerator<string, Embedding<float>> RequireGenerator(CliContext context) =>
        context.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
        ?? throw new InvalidOperationException("no IEmbeddingGenerator<string, Embedding<float>> is registered (the embeddings area provides it); sentence ingestion and --text search need one");

    private static IEnumerable<string> ReadStdin()
    {
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            yield return line;
        }
    }

    private static IngestionOptions IngestOptions(CliContext context, int batch)
    {
        var options = context.Services.GetRequiredService<IOptions<VectorStoreOptions>>().Value;
        return new IngestionOptions
        {
            BatchSize = batch,
            CheckpointFolder = Path.Combine(options.ResolvedPath, ".ingest"),
            Progress = new StderrProgress(context.Error),
        };
    }

    private static int Report(CliContext context, IngestionResult outcome, bool json)
    {
        context.Error.WriteLine();
        if (json)
        {
            context.WriteJson(outcome);
        }
        else
        {
            context.Out.WriteLine($"{outcome.Collection}: {outcome.Upserted} upserted, {outcome.Resumed} already committed, {outcome.Count} in source, {outcome.RecordsPerSecond:F0} records/s");
        }

        return 0;
    }

    private sealed record SearchHit(string Text, double? Score);

    private sealed class StderrProgress(TextWriter error) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            var total = value.Total is { } t ? $"/{t}" : "";
            var percent = value.Total is > 0 ? $" {100.0 * value.Done / value.Total.Value,5:F1}%" : "";
            error.Write($"\ringesting {value.Collection}: {value.Done}{total}{percent}");
            error.Flush();
        }
    }
}
