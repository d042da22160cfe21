using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.WordVectors;
using SkPlugins.Plugins.WordVectors;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>GloVe neighbours of "king", as the book prints them.</summary>
public sealed class GloveSection : ITourSection
{
    /// <inheritdoc />
    public string Title => "GloVe word embeddings: most_similar(king)";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var source = tour.Services.GetRequiredService<WordVectorSource>();
        var name = tour.Services.GetRequiredService<IOptions<WordVectorsOptions>>().Value.Vectors;
        var vectors = await source.LoadAsync(name, cancellationToken);
        tour.Console.MarkupLineInterpolated($"[grey]{name}: {vectors.Count:N0} words, {vectors.Dimension} dimensions[/]");
        var king = vectors.GetVector("king").ToArray();
        var table = new Table().AddColumn("word").AddColumn(new TableColumn("score").RightAligned());
        foreach (var hit in vectors.MostSimilarToVector(king, top: 11))
        {
            table.AddRow(Markup.Escape(hit.Word), hit.Score.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        }

        tour.Console.Write(table);
    }
}
