using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using SkPlugins.Core.Artifacts;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.WordVectors.Word2Vec;
using SkPlugins.WordVectors;
using SkPlugins.Plugins.Songs;
using SkPlugins.Plugins.WordVectors;
using SkPlugins.VectorStore.Configuration;
using SkPlugins.VectorStore.Ingestion;
using SkPlugins.VectorStore.Records;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>
/// Word2Vec on radio playlists with the book's parameters, the song vectors into the vector store, and the
/// recommendations for songs 2172 (Metallica, "Fade To Black") and 842 (2Pac, "California Love").
/// </summary>
public sealed class SongsSection : ITourSection
{
    /// <inheritdoc />
    public string Title => "Word2Vec song embeddings and recommendations";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var library = tour.Services.GetRequiredService<SongCatalogSource>();
        var catalog = await library.GetCatalogAsync();
        var playlistsPath = await library.GetPlaylistsPathAsync(cancellationToken);
        var corpus = PlaylistFile.Read(playlistsPath, catalog.Count);
        tour.Console.MarkupLineInterpolated($"[grey]{playlistsPath}: {corpus.Playlists.Count:N0} playlists, {corpus.Plays:N0} plays (a stand-in corpus: the book's exact recommendations cannot be reproduced from it)[/]");

        var options = new Word2VecOptions { VectorSize = 32, Window = 20, Negative = 50, MinCount = 1, Workers = Environment.ProcessorCount };
        Word2VecResult result = null!;
        await tour.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Word2Vec(vector_size=32, window=20, negative=50, min_count=1)", maxValue: 1.0);
                var reporter = new Progress<Word2VecProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, {p.WordsPerSecond:N0} words/s");
                });
                result = await Task.Run(() => new Word2VecTrainer(options).Train(corpus.Playlists, reporter, cancellationToken), cancellationToken);
                task.Value = 1.0;
            });
        tour.Console.MarkupLineInterpolated($"trained {result.Vectors.Count:N0} song vectors in {result.Seconds:F1} s ({result.WordsPerSecond:N0} words/s)");

        var settings = tour.Services.GetRequiredService<IOptions<WordVectorsOptions>>().Value;
        var vectorsPath = settings.SongVectors;
        WordVectorFile.Save(result.Vectors, vectorsPath);
        var store = tour.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>();
        var collectionName = settings.SongCollection;
        if (await store.CollectionExistsAsync(collectionName, cancellationToken))
        {
            await store.EnsureCollectionDeletedAsync(collectionName, cancellationToken); // a fresh model: replace the old vectors
        }

        var collection = store.GetCollection<ulong, SongRecord>(collectionName, RecordDefinitions.Songs(options.VectorSize));
        var resolver = tour.Services.GetRequiredService<IArtifactResolver>();
        var songHash = await resolver.GetFileAsync(ArtifactId.Dataset("yes_complete"), "song_hash.txt", cancellationToken);
        var tags = await resolver.GetFileAsync(ArtifactId.Dataset("yes_complete"), "tags.txt", cancellationToken);
        var ingested = await VectorIngestion.IngestAsync(collection, RecordSources.Songs(vectorsPath, songHash, tags), VectorIngestion.SourceFingerprint(vectorsPath, songHash, tags), cancellationToken: cancellationToken);
        var storePath = tour.Services.GetRequiredService<IOptions<VectorStoreOptions>>().Value.ResolvedPath;
        tour.Console.MarkupLineInterpolated($"[grey]{ingested.Count:N0} songs in collection '{collectionName}' of {storePath}, vectors in {vectorsPath}: 'songs recommend' and 'serve' use them ({ingested.RecordsPerSecond:N0} records/s)[/]");

        var recommender = tour.Services.GetRequiredService<ISongRecommender>();
        foreach (var songId in new[] { 2172, 842 })
        {
            var recommendations = await recommender.RecommendAsync(new SongRecommendationRequest { SongId = songId, Top = 5 }, cancellationToken);
            var seed = recommendations.Song;
            tour.Console.MarkupLineInterpolated($"[bold]print_recommendations({songId})[/]: {seed.Title} - {seed.Artist}");
            var table = new Table().AddColumn("id").AddColumn("title").AddColumn("artist").AddColumn("shared tags").AddColumn(new TableColumn("score").RightAligned());
            foreach (var hit in recommendations.Results)
            {
                var song = catalog.Get(hit.Id);
                table.AddRow(hit.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(song.Title), Markup.Escape(song.Artist),
                    Markup.Escape(string.Join(", ", SongTags.Shared(seed, song).Take(2))), hit.Score.ToString("F4", CultureInfo.InvariantCulture));
            }

            tour.Console.Write(table);
        }
    }
}
