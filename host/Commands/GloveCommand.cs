using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.WordVectors;
using SkPlugins.Host.CommandLine;
using SkPlugins.Plugins.WordVectors;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>glove</c> command group: <c>similar</c> and <c>analogy</c> over pre-trained word vectors.</summary>
public static class GloveCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("glove", "Pre-trained GloVe word vectors: similar words and analogies");
        command.Subcommands.Add(CreateSimilar(context));
        command.Subcommands.Add(CreateAnalogy(context));
        return command;
    }

    private static Command CreateSimilar(CliContext context)
    {
        var word = new Argument<string>("word") { Description = "The word, e.g. king" };
        var top = new Option<int>("--top") { Description = "How many neighbours", DefaultValueFactory = _ => 10 };
        var byVector = new Option<bool>("--by-vector") { Description = "Query with the word's raw vector and keep the word itself, like the book's most_similar([model['king']], topn=11)" };
        var (vectors, json) = (VectorsOption(), JsonOption());
        var command = new Command("similar", "The words nearest to WORD by cosine similarity (gensim most_similar)") { word, top, byVector, vectors, json };
        command.SetAction(async (parse, ct) =>
        {
            var keyed = await LoadAsync(context, parse.GetValue(vectors), ct);
            var query = WordVectorPlugin.Resolve(keyed, parse.GetValue(word)!);
            var results = parse.GetValue(byVector)
                ? keyed.MostSimilarToVector(keyed.GetVector(query), parse.GetValue(top))
                : keyed.MostSimilar(query, parse.GetValue(top));
            Write(context, results, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command CreateAnalogy(CliContext context)
    {
        var positive = new Option<string>("--positive") { Description = "Comma-separated words to add, e.g. king,woman", Required = true };
        var negative = new Option<string>("--negative") { Description = "Comma-separated words to subtract, e.g. man" };
        var top = new Option<int>("--top") { Description = "How many answers", DefaultValueFactory = _ => 5 };
        var (vectors, json) = (VectorsOption(), JsonOption());
        var command = new Command("analogy", "3CosAdd analogy: the words nearest to positive - negative (gensim most_similar(positive, negative))") { positive, negative, top, vectors, json };
        command.SetAction(async (parse, ct) =>
        {
            var keyed = await LoadAsync(context, parse.GetValue(vectors), ct);
            var plus = WordVectorPlugin.SplitWords(parse.GetValue(positive)).Select(w => WordVectorPlugin.Resolve(keyed, w)).ToArray();
            var minus = WordVectorPlugin.SplitWords(parse.GetValue(negative)).Select(w => WordVectorPlugin.Resolve(keyed, w)).ToArray();
            Write(context, keyed.MostSimilar(plus, minus, parse.GetValue(top)), parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Option<string> VectorsOption() =>
        new("--vectors") { Description = $"A vectors file (GloVe text, word2vec text or .bin) or a name: {string.Join(", ", WordVectorCatalog.Names)} (default: SkPlugins:WordVectors:Vectors, {WordVectorCatalog.DefaultName})" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print {\"results\":[{\"word\",\"score\"}]} on stdout" };

    private static Task<KeyedVectors> LoadAsync(CliContext context, string? vectors, CancellationToken cancellationToken)
    {
        var name = vectors ?? context.Services.GetRequiredService<IOptions<WordVectorsOptions>>().Value.Vectors;
        context.Error.WriteLine($"loading word vectors '{name}'");
        return context.Services.GetRequiredService<WordVectorSource>().LoadAsync(name, cancellationToken);
    }

    private static void Write(CliContext context, IReadOnlyList<WordSimilarity> results, bool json)
    {
        if (json)
        {
            context.WriteJson(new { Results = results });
            return;
        }

        var width = results.Select(r => r.Word.Length).DefaultIfEmpty(4).Max();
        foreach (var result in results)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Word.PadRight(width)}  {result.Score:F4}"));
        }
    }
}
