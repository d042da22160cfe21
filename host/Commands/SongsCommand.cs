using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.WordVectors.Word2Vec;
using SkPlugins.WordVectors;
using SkPlugins.Host.CommandLine;
using SkPlugins.Plugins.Songs;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>songs</c> command group: <c>train</c> Word2Vec on playlists, <c>find</c> songs, <c>recommend</c> similar songs.</summary>
public static class SongsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("songs", "Train Word2Vec on radio playlists and recommend songs");
        command.Subcommands.Add(CreateTrain(context));
        command.Subcommands.Add(CreateFind(context));
        command.Subcommands.Add(CreateRecommend(context));
        return command;
    }

    private static Command CreateTrain(CliContext context)
    {
        var playlists = new Option<string>("--playlists") { Description = "A train.txt playlist file (default: SkPlugins:WordVectors:Playlists, else train.txt of --dataset)" };
        var dataset = new Option<string?>("--dataset") { Description = "The playlist data set: station-playlists (default, SkPlugins:WordVectors:PlaylistsDataset), tagmix-playlists (the older stand-in) or yes_complete (the book's)" };
        var vectorSize = new Option<int>("--vector-size") { Description = "gensim vector_size", DefaultValueFactory = _ => 32 };
        var window = new Option<int>("--window") { Description = "gensim window", DefaultValueFactory = _ => 20 };
        var negative = new Option<int>("--negative") { Description = "gensim negative", DefaultValueFactory = _ => 50 };
        var minCount = new Option<int>("--min-count") { Description = "gensim min_count", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "gensim epochs", DefaultValueFactory = _ => 5 };
        var workers = new Option<int>("--workers") { Description = "Training threads (gensim workers)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "gensim seed; with --workers 1 training is deterministic", DefaultValueFactory = _ => 1 };
        var sample = new Option<double>("--sample") { Description = "gensim sample (downsampling threshold)", DefaultValueFactory = _ => 1e-3 };
        var skipGram = new Option<bool>("--sg") { Description = "Skip-gram (gensim sg=1) instead of CBOW, gensim's and the book's default" };
        var binary = new Option<bool>("--binary") { Description = "Save word2vec binary instead of word2vec text" };
        var output = new Option<string?>("--out") { Description = "Where to save the song vectors (word2vec format, song ids as words; default SkPlugins:WordVectors:SongVectors, where songs recommend and serve look)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout" };
        var command = new Command("train", "Train Word2Vec song vectors on playlists (the book's parameters by default) and save them")
        {
            playlists, dataset, vectorSize, window, negative, minCount, epochs, workers, seed, sample, skipGram, binary, output, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new Word2VecOptions
            {
                VectorSize = parse.GetValue(vectorSize), Window = parse.GetValue(window), Negative = parse.GetValue(negative),
                MinCount = parse.GetValue(minCount), Epochs = parse.GetValue(epochs), Workers = parse.GetValue(workers),
                Seed = parse.GetValue(seed), Sample = parse.GetValue(sample), SkipGram = parse.GetValue(skipGram),
            };
            options.Validate();
            context.Override([new($"{WordVectorsOptions.SectionName}:PlaylistsDataset", parse.GetValue(dataset))]);
            var library = context.Services.GetRequiredService<SongCatalogSource>();
            var path = parse.GetValue(playlists) ?? await library.GetPlaylistsPathAsync(ct);
            var catalog = await library.GetCatalogAsync();
            var corpus = PlaylistFile.Read(path, catalog.Count);
            context.Error.WriteLine($"{path}: {corpus.Playlists.Count:N0} playlists, {corpus.Plays:N0} plays ({corpus.DroppedPlaylists} with fewer than two songs dropped)");
            var result = await Task.Run(() => new Word2VecTrainer(options).Train(corpus.Playlists, new Reporter(context.Error), ct), ct);
            context.Error.WriteLine();
            var destination = parse.GetValue(output) ?? context.Services.GetRequiredService<IOptions<WordVectorsOptions>>().Value.SongVectors;
            WordVectorFile.Save(result.Vectors, destination, parse.GetValue(binary) ? WordVectorFormat.Word2VecBinary : WordVectorFormat.Word2VecText);
            if (parse.GetValue(json))
            {
                context.WriteJson(new { Out = destination, Songs = result.Vectors.Count, result.RawWords, result.EffectiveWords, result.Seconds, result.WordsPerSecond });
            }
            else
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trained {result.Vectors.Count:N0} song vectors ({options.VectorSize} dimensions) in {result.Seconds:F1} s: {result.WordsPerSecond:N0} words/s; saved to {destination}"));
            }

            return 0;
        });
        return command;
    }

    private static Command CreateFind(CliContext context)
    {
        var query = new Argument<string>("query") { Description = "Title and/or artist words" };
        var top = new Option<int>("--top") { Description = "The most songs", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print {\"results\":[{\"id\",\"title\",\"artist\",\"tags\"}]} on stdout" };
        var command = new Command("find", "Search songs by title or artist") { query, top, json };
        command.SetAction(async (parse, _) =>
        {
            var catalog = await context.Services.GetRequiredService<SongCatalogSource>().GetCatalogAsync();
            var songs = catalog.Search(parse.GetValue(query)!, parse.GetValue(top));
            if (parse.GetValue(json))
            {
                context.WriteJson(new { Results = songs });
            }
            else
            {
                foreach (var song in songs)
                {
                    context.Out.WriteLine($"{song.Id,6}  {song.Title} - {song.Artist}");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command CreateRecommend(CliContext context)
    {
        var song = new Argument<string>("song") { Description = "A song id (e.g. 2172) or title/artist words" };
        var top = new Option<int>("--top") { Description = "How many songs (1-50)", DefaultValueFactory = _ => 5 };
        var negative = new Option<string>("--negative") { Description = "Comma-separated song ids or titles to steer away from" };
        var vectors = new Option<string>("--vectors") { Description = "Trained song vectors, used when the vector store has no song collection (default: SkPlugins:WordVectors:SongVectors)" };
        var strategy = new Option<string?>("--strategy") { Description = "average_vector (default) or best_score: how positives and negatives combine (Qdrant's recommend)" };
        var notArtist = new Option<string?>("--not-artist") { Description = "Leave out songs by this artist (e.g. the seed song's own)" };
        var storePath = new Option<string?>("--path") { Description = "Embedded store folder holding the song collection (SkPlugins:VectorStore:Path)" };
        var json = new Option<bool>("--json") { Description = "Print {\"song\":{…},\"results\":[{\"id\",\"title\",\"artist\",\"score\",\"tags\"}]} on stdout" };
        var command = new Command("recommend", "Songs that share playlists with SONG (nearest song vectors; the vector store's 'songs' collection when it exists, else the trained vectors file), as the book's print_recommendations table")
        {
            song, top, negative, strategy, notArtist, vectors, storePath, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            context.Override(
            [
                new($"{WordVectorsOptions.SectionName}:SongVectors", parse.GetValue(vectors)),
                new("SkPlugins:VectorStore:Path", parse.GetValue(storePath)),
            ]);
            var plugin = context.Services.GetRequiredService<SongPlugin>();
            var result = await plugin.RecommendSongsAsync(parse.GetValue(song)!, parse.GetValue(negative), parse.GetValue(top), parse.GetValue(notArtist), parse.GetValue(strategy), ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(result);
            }
            else
            {
                context.Out.Write(SongTable.Format(result));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Writes training progress on one standard-error line.</summary>
    private sealed class Reporter(TextWriter error) : IProgress<Word2VecProgress>
    {
        public void Report(Word2VecProgress value) =>
            error.Write(string.Create(CultureInfo.InvariantCulture, $"\repoch {value.Epoch}/{value.Epochs}  {value.Fraction:P0}  {value.WordsPerSecond:N0} words/s  alpha {value.Alpha:F5}   "));
    }
}
