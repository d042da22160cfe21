using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Embeddings.Onnx;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>Contextual token embeddings of "Hello world" and a sentence embedding, with the offline all-MiniLM-L6-v2 model.</summary>
public sealed class EmbeddingsSection : ITourSection
{
    /// <inheritdoc />
    public string Title => "Token and sentence embeddings (ONNX)";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var provider = tour.Services.GetRequiredService<OnnxEmbeddingModelProvider>();
        var model = await provider.GetModelAsync(cancellationToken: cancellationToken);
        var tokens = model.GetTokenEmbeddings("Hello world");
        tour.Console.MarkupLineInterpolated($"[grey]{model.Name} on {model.ExecutionProvider}[/]");
        tour.Console.MarkupLineInterpolated($"\"Hello world\" -> tokens [[{string.Join(", ", tokens.Tokens)}]], last hidden state shape [[{string.Join(", ", tokens.Shape)}]]");
        tour.Console.MarkupLine("[grey](the book shows [[1, 4, 384]] from deberta-v3-xsmall; MiniLM has the same width)[/]");

        var vector = model.Embed(["Best movie ever!"], cancellationToken)[0];
        tour.Console.MarkupLineInterpolated($"\"Best movie ever!\" -> a {vector.Length}-dimensional sentence vector, starting [[{string.Join(", ", vector.Take(5).Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}, ...]]");
        tour.Console.MarkupLine("[grey](the book's all-mpnet-base-v2 gives 768 dimensions: set SkPlugins:Embeddings:DefaultModel on a machine with internet)[/]");

        var stored = await ChapterSentences.IngestAsync(
            tour.Services.GetRequiredService<Microsoft.Extensions.VectorData.VectorStore>(),
            tour.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), cancellationToken: cancellationToken);
        tour.Console.MarkupLineInterpolated($"[grey]{stored} example sentences in the vector store collection 'sentences', for semantic search ('serve' page, embeddings.search_sentences)[/]");
    }
}
