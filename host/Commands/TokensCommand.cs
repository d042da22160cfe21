using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Tokenization;
using SkPlugins.Host.CommandLine;
using SkPlugins.Plugins.Tokenization;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>tokens</c> command group: <c>list</c>, <c>encode</c>, <c>decode</c> and <c>compare</c>.</summary>
public static class TokensCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("tokens", "Tokenize text with the book's tokenizers (BERT, GPT-2, Flan-T5, GPT-4, StarCoder2, Galactica, Phi-3, DeBERTa) and compare them");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Encode(context));
        command.Subcommands.Add(Decode(context));
        command.Subcommands.Add(Compare(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = JsonOption();
        var bookView = BookViewOption.Create();
        var command = new Command("list", "List the known tokenizers and whether their files are available here");
        command.Options.Add(json);
        command.Options.Add(bookView);
        command.SetAction(parseResult =>
        {
            BookViewOption.Apply(context, parseResult, bookView);
            var list = Provider(context).List();
            if (parseResult.GetValue(json))
            {
                context.WriteJson(list);
                return 0;
            }

            foreach (var t in list)
            {
                // Status and name, then the algorithm and where the files come from, wrapped under it: the list reads in 80 columns.
                context.Out.WriteLine($"{(t.Available ? "available" : "missing  ")}  {t.Name}");
                foreach (var line in Wrap($"{t.Algorithm}; {t.Source}", 80 - 11))
                {
                    context.Out.WriteLine("           " + line);
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Encode(CliContext context)
    {
        var tokenizer = TokenizerOption();
        var text = new Option<string>("--text") { Description = "The text (default: standard input)" };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Do not add the special tokens the tokenizer's post-processor adds ([CLS], <s>, </s>)" };
        var json = JsonOption();
        var command = new Command("encode", "Encode text to token ids; tokens[i] is decode([ids[i]])");
        command.Options.Add(tokenizer);
        command.Options.Add(text);
        command.Options.Add(noSpecial);
        command.Options.Add(json);
        var bookView = BookViewOption.Create();
        command.Options.Add(bookView);
        command.SetAction(async (parseResult, ct) =>
        {
            BookViewOption.Apply(context, parseResult, bookView);
            var name = parseResult.GetValue(tokenizer)!;
            var input = parseResult.GetValue(text) ?? await Console.In.ReadToEndAsync(ct);
            var instance = await Provider(context).GetAsync(name, ct);
            var ids = instance.EncodeToIds(input, addSpecialTokens: !parseResult.GetValue(noSpecial));
            var tokens = instance.DecodeEach(ids);
            if (parseResult.GetValue(json))
            {
                context.WriteJson(new { Tokenizer = name, Ids = ids, Tokens = tokens });
                return 0;
            }

            context.Out.WriteLine(string.Join(' ', ids));
            context.Out.WriteLine(string.Join(' ', tokens.Select(t => "⟦" + t + "⟧")));
            return 0;
        });
        return command;
    }

    private static Command Decode(CliContext context)
    {
        var tokenizer = TokenizerOption();
        var ids = new Option<string>("--ids") { Description = "Comma- or space-separated token ids", Required = true };
        var json = JsonOption();
        var command = new Command("decode", "Decode token ids to text (as Hugging Face tokenizer.decode)");
        command.Options.Add(tokenizer);
        command.Options.Add(ids);
        command.Options.Add(json);
        command.SetAction(async (parseResult, ct) =>
        {
            var name = parseResult.GetValue(tokenizer)!;
            var parsed = new List<int>();
            foreach (var part in parseResult.GetValue(ids)!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                parsed.Add(int.TryParse(part, out var id) ? id : throw new ArgumentException($"--ids: '{part}' is not an integer token id"));
            }

            var instance = await Provider(context).GetAsync(name, ct);
            var decoded = instance.Decode(parsed) ?? string.Empty;
            if (parseResult.GetValue(json))
            {
                context.WriteJson(new DecodeResult(name, decoded));
            }
            else
            {
                context.Out.WriteLine(decoded);
            }

            return 0;
        });
        return command;
    }

    private static Command Compare(CliContext context)
    {
        var tokenizers = new Option<string>("--tokenizers") { Description = "Comma-separated tokenizer names (default: the book's nine)" };
        var text = new Option<string>("--text") { Description = "The text (default: the book's example)" };
        var json = JsonOption();
        var command = new Command("compare", "Show how each tokenizer splits the text, in the book's colours (ANSI 24-bit backgrounds)");
        command.Options.Add(tokenizers);
        command.Options.Add(text);
        command.Options.Add(json);
        var bookView = BookViewOption.Create();
        command.Options.Add(bookView);
        command.SetAction(async (parseResult, ct) =>
        {
            BookViewOption.Apply(context, parseResult, bookView);
            var plugin = context.Services.GetRequiredService<TokenizerPlugin>();
            var results = await plugin.CompareTokenizersAsync(parseResult.GetValue(text), parseResult.GetValue(tokenizers), ct);
            if (parseResult.GetValue(json))
            {
                context.WriteJson(results);
                return 0;
            }

            foreach (var result in results)
            {
                context.Out.WriteLine($"{result.Tokenizer} ({result.Count} tokens, {result.CharactersPerToken} chars/token, {result.UnknownCount} unknown)");
                context.Out.WriteLine(result.Error is null ? Colour(result.Tokens) : "  " + result.Error);
                context.Out.WriteLine();
            }

            return results.All(r => r.Error is null) ? 0 : 1;
        });
        return command;
    }

    private static string Colour(IReadOnlyList<string> tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            sb.Append("\u001b[0;30;48;2;").Append(BookTokenizers.Colors[i % BookTokenizers.Colors.Count]).Append('m').Append(tokens[i]).Append("\u001b[0m ");
        }

        return sb.ToString();
    }

    private static ITokenizerProvider Provider(CliContext context) => context.Services.GetRequiredService<ITokenizerProvider>();

    private static Option<string> TokenizerOption() => new("--tokenizer", "-t") { Description = "Tokenizer name (a Hugging Face repo id such as gpt2 or microsoft/Phi-3-mini-4k-instruct, or gpt-4o)", Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON document to standard output" };

    /// <summary>Splits text into lines of at most <paramref name="width"/> characters at spaces (a longer word gets a line of its own).</summary>
    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
