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
        var work = new Option<string?>("--work-folder") { Description = "Where the tour keeps trained vectors and its embedded store (default: a folder under the system temp folder)" };
        var command = new Command("tour", "Walk through chapter 2 of Hands-On Large Language Models: tokenizers, Phi-3, token and sentence embeddings, GloVe, Word2Vec song recommendations") { work };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "skplugins-tour");
            Directory.CreateDirectory(folder);
            context.Override(
            [
                new("SkPlugins:VectorStore:Path", Path.Combine(folder, "store")),
                new("SkPlugins:VectorStore:Provider", "embedded"),
            ]);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Out) });
            return await ChapterTour.RunAsync(new TourContext(console, context.Services, folder), ct);
        });
        return command;
    }
}
