using System.Diagnostics;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>
/// Runs the chapter's sections in the book's order; a section that fails is reported and skipped, never fatal,
/// and the tour ends by saying what it skipped and why.
/// </summary>
public sealed class ChapterTour
{
    /// <summary>The sections in the book's order.</summary>
    public static IReadOnlyList<ITourSection> Sections { get; } =
    [
        new GenerationSection(), new TokenizersSection(), new EmbeddingsSection(), new GloveSection(), new SongsSection(),
    ];

    /// <summary>Runs every section.</summary>
    /// <param name="tour">The console and services.</param>
    /// <param name="cancellationToken">Stops the tour.</param>
    /// <returns>0 when every section ran (parts skipped for missing data included), 1 when a section failed.</returns>
    public static async Task<int> RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var failed = 0;
        var clock = Stopwatch.StartNew();
        tour.Console.Write(new Rule("[bold]Hands-On Large Language Models, chapter 2: Tokens and Token Embeddings[/]"));
        foreach (var section in Sections)
        {
            tour.Console.WriteLine();
            tour.Console.Write(new Rule($"[blue]{Markup.Escape(section.Title)}[/]").LeftJustified());
            var started = clock.Elapsed;
            try
            {
                await section.RunAsync(tour, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                tour.Skip(section.Title, $"failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }

            tour.Console.MarkupLineInterpolated($"[grey]({(clock.Elapsed - started).TotalSeconds:F1} s)[/]");
        }

        tour.Console.WriteLine();
        tour.Console.Write(new Rule($"[bold]done in {clock.Elapsed.TotalSeconds:F0} s[/]"));
        if (tour.Skipped.Count == 0)
        {
            tour.Console.MarkupLine("Nothing was skipped.");
        }
        else
        {
            tour.Console.MarkupLine("Skipped:");
            var list = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(1)).AddColumn(); // wrapped reasons keep their indent
            foreach (var (what, why) in tour.Skipped)
            {
                list.AddRow(new Text("-"), new Markup($"[yellow]{Markup.Escape(what)}[/]: {Markup.Escape(why)}"));
            }

            tour.Console.Write(list);
        }

        return failed == 0 ? 0 : 1;
    }
}
