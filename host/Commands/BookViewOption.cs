using System.CommandLine;
using SkPlugins.Host.CommandLine;
using SkPlugins.Tokenization;

namespace SkPlugins.Host.Commands;

/// <summary>
/// <c>--book-view</c>: tokenizers show the book's view where the files in use say otherwise (Phi-3 with <c>&lt;s&gt;</c> first);
/// it sets <c>SkPlugins:Tokenization:BookView</c> (<see cref="TokenizationOptions.BookView"/>) for the command.
/// </summary>
internal static class BookViewOption
{
    /// <summary>Creates the option.</summary>
    public static Option<bool> Create() => new("--book-view")
    {
        Description = "Show what the book printed where today's tokenizer files differ (Phi-3 with <s> first); default: exactly what the files say, as transformers does with them",
    };

    /// <summary>Turns the book's view on when the option was given; call before the command first uses a service.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="option">The option from <see cref="Create"/>.</param>
    public static void Apply(CliContext context, ParseResult parseResult, Option<bool> option)
    {
        if (parseResult.GetValue(option))
        {
            context.Override([new($"{TokenizationOptions.SectionName}:{nameof(TokenizationOptions.BookView)}", "true")]);
        }
    }
}
