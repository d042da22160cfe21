using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Tokenization;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>The book's text through every available tokenizer, coloured like the book's <c>show_tokens</c>.</summary>
public sealed class TokenizersSection : ITourSection
{
    /// <inheritdoc />
    public string Title => "Tokenizers compared (show_tokens)";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var provider = tour.Services.GetRequiredService<ITokenizerProvider>();
        var available = provider.List().ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        tour.Console.MarkupLine("[grey]text:[/] " + Markup.Escape(BookTokenizers.Text.Replace("\n", "\\n", StringComparison.Ordinal)));
        foreach (var name in BookTokenizers.Names.Append("gpt-4o"))
        {
            if (available.TryGetValue(name, out var info) && !info.Available)
            {
                tour.Skip($"tokenizer {name}", $"its files are not available here ({info.Source})");
                continue;
            }

            try
            {
                var tokenizer = await provider.GetAsync(name, cancellationToken);
                var ids = tokenizer.EncodeToIds(BookTokenizers.Text);
                tour.Console.MarkupLineInterpolated($"[bold]{name}[/] [grey]({ids.Count} tokens)[/]");
                tour.Console.MarkupLine(Colour(ids.Select(id => tokenizer.Decode([id]) ?? string.Empty)));
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidOperationException or NotSupportedException)
            {
                tour.Skip($"tokenizer {name}", ex.Message.Split('\n')[0]);
            }
        }
    }

    /// <summary>The book's colouring: each token on one of six background colours, in turn.</summary>
    private static string Colour(IEnumerable<string> tokens) => string.Join(' ', tokens.Select((token, i) =>
    {
        var rgb = BookTokenizers.Colors[i % BookTokenizers.Colors.Count].Split(';');
        var shown = token.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return $"[black on rgb({rgb[0]},{rgb[1]},{rgb[2]})]{Markup.Escape(shown)}[/]";
    }));
}
