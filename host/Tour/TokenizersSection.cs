using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.Tokenization;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>The book's text through every available tokenizer, coloured like the book's <c>show_tokens</c>.</summary>
public sealed class TokenizersSection : ITourSection
{
    private const string Phi3 = "microsoft/Phi-3-mini-4k-instruct";

    /// <inheritdoc />
    public string Title => "Tokenizers compared (show_tokens)";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var provider = tour.Services.GetRequiredService<ITokenizerProvider>();
        var bookView = tour.Services.GetService<IOptions<TokenizationOptions>>()?.Value.BookView ?? false;
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
                if (name == Phi3)
                {
                    tour.Console.MarkupLine("[grey]" + Markup.Escape(Phi3Note(bookView)) + "[/]");
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidOperationException or NotSupportedException)
            {
                tour.Skip($"tokenizer {name}", ex.Message.Split('\n')[0]);
            }
        }
    }

    /// <summary>Where the book's printed Phi-3 tokens differ from what its files give today, and how to see either.</summary>
    /// <param name="bookView">Whether the book's view is shown.</param>
    public static string Phi3Note(bool bookView) => bookView
        ? "Book view (--book-view): <s> first, as the book printed it. The files here (tokenizer_config.json add_bos_token=false, no <s> in tokenizer.json's post-processor) add no <s>; transformers gives none with them today."
        : "The book printed <s> (id 1) first for Phi-3: the repository's files of its time added it. The files here (tokenizer_config.json add_bos_token=false, no <s> in tokenizer.json's post-processor) add none, as transformers does with them today; run with --book-view to see the book's tokens.";

    /// <summary>The book's colouring: each token on one of six background colours, in turn.</summary>
    private static string Colour(IEnumerable<string> tokens) => string.Join(' ', tokens.Select((token, i) =>
    {
        var rgb = BookTokenizers.Colors[i % BookTokenizers.Colors.Count].Split(';');
        var shown = token.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return $"[black on rgb({rgb[0]},{rgb[1]},{rgb[2]})]{Markup.Escape(shown)}[/]";
    }));
}
