using System.CommandLine;
using SkPlugins.Host.CommandLine;
using SkPlugins.Host.Tour;
using Spectre.Console;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>tour</c> command: the chapter end to end on the embedded store.</summary>
public static class TourCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var work = new Option<string?>("--work-folder") { Description = "Keep the tour's song vectors and embedded store in this folder instead of the defaults that songs recommend and serve read (SkPlugins:WordVectors:SongVectors, SkPlugins:VectorStore:Path)" };
        var bookView = BookViewOption.Create();
        var command = new Command("tour", "Walk through chapter 2 of Hands-On Large Language Models: tokenizers, Phi-3, token and sentence embeddings, GloVe, Word2Vec song recommendations") { work, bookView };
        command.SetAction(async (parse, ct) =>
        {
            BookViewOption.Apply(context, parse, bookView);
            // Without --work-folder the tour leaves its song vectors and the 'songs' collection where 'songs recommend' and 'serve'
            // find them by default; with it, everything stays in that folder.
            var chosen = parse.GetValue(work);
            var folder = chosen ?? Path.Combine(Path.GetTempPath(), "skplugins-tour");
            Directory.CreateDirectory(folder);
            context.Override(
            [
                new("SkPlugins:VectorStore:Path", chosen is null ? null : Path.Combine(folder, "store")),
                new("SkPlugins:VectorStore:Provider", "embedded"),
                new("SkPlugins:WordVectors:SongVectors", chosen is null ? null : Path.Combine(folder, "song-vectors.txt")),
                new("Logging:LogLevel:SkPlugins", "Warning"), // the tour says what it loads itself; info logs would interleave with it
            ]);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Out) });
            return await ChapterTour.RunAsync(new TourContext(console, context.Services, folder), ct);
        });
        return command;
    }
}
