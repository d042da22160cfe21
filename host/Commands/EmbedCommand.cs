using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Embeddings.Onnx;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>
/// The <c>embed</c> command group: <c>sentences</c> (one sentence per standard-input line → vectors),
/// <c>tokens</c> (contextual token embeddings of one text) and <c>similar-tokens</c> (static token neighbours).
/// </summary>
public static class EmbedCommand
{
    private const int ChunkSize = 256;

    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("embed", "Sentence embeddings and contextual token embeddings with ONNX models");
        command.Subcommands.Add(CreateSentences(context));
        command.Subcommands.Add(CreateTokens(context));
        command.Subcommands.Add(CreateSimilarTokens(context));
        return command;
    }

    private static Option<string> ModelOption() => new("--model")
    {
        Description = $"Embedding model: a Hugging Face repo id with an ONNX export (default {EmbeddingModelNames.AllMiniLmL6V2}, built in)",
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON document to standard output" };

    private static Command CreateSentences(CliContext context)
    {
        var model = ModelOption();
        var json = JsonOption();
        var command = new Command("sentences", "Embed one sentence per line of standard input (blank lines are skipped)");
        command.Options.Add(model);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = await LoadAsync(context, parseResult.GetValue(model), cancellationToken);
            var sentences = new List<string>();
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    sentences.Add(line);
                }
            }

            var vectors = new List<float[]>(sentences.Count);
            for (var start = 0; start < sentences.Count; start += ChunkSize)
            {
                var chunk = sentences.GetRange(start, Math.Min(ChunkSize, sentences.Count - start));
                vectors.AddRange(await Task.Run(() => loaded.Embed(chunk, cancellationToken), cancellationToken));
                if (sentences.Count > ChunkSize)
                {
                    await context.Error.WriteLineAsync($"embedded {vectors.Count}/{sentences.Count} sentences");
                }
            }

            if (parseResult.GetValue(json))
            {
                context.WriteJson(new { model = loaded.Name, dimensions = loaded.Dimensions, vectors });
                return 0;
            }

            await context.Out.WriteLineAsync($"model {loaded.Name}, {loaded.Dimensions} dimensions, {vectors.Count} sentences");
            for (var i = 0; i < vectors.Count; i++)
            {
                await context.Out.WriteLineAsync($"{i,4}  {Preview(vectors[i])}  {Shorten(sentences[i], 34)}");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateTokens(CliContext context)
    {
        var model = ModelOption();
        var json = JsonOption();
        var text = new Option<string>("--text") { Description = "The text whose tokens to embed, e.g. \"Hello world\"", Required = true };
        var command = new Command("tokens", "Contextual token embeddings (the last hidden state) of one text");
        command.Options.Add(text);
        command.Options.Add(model);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = await LoadAsync(context, parseResult.GetValue(model), cancellationToken);
            var result = await Task.Run(() => loaded.GetTokenEmbeddings(parseResult.GetValue(text)!), cancellationToken);
            var vectors = Enumerable.Range(0, result.Tokens.Count).Select(i => result.GetVector(i).ToArray()).ToList();
            var norms = vectors.Select(v => Math.Round(TensorPrimitives.Norm(v), 4)).ToList();
            if (parseResult.GetValue(json))
            {
                context.WriteJson(new { model = loaded.Name, tokens = result.Tokens, tokenIds = result.TokenIds, shape = result.Shape, truncated = result.Truncated, norms, vectors });
                return 0;
            }

            await context.Out.WriteLineAsync($"model  {loaded.Name}");
            await context.Out.WriteLineAsync($"tokens {string.Join(' ', result.Tokens)}");
            await context.Out.WriteLineAsync($"shape  [{string.Join(", ", result.Shape)}]{(result.Truncated ? "  (truncated)" : string.Empty)}");
            for (var i = 0; i < vectors.Count; i++)
            {
                await context.Out.WriteLineAsync($"{i,4}  {result.Tokens[i],-12} norm {norms[i].ToString("F4", CultureInfo.InvariantCulture)}  {Preview(vectors[i])}");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateSimilarTokens(CliContext context)
    {
        var model = ModelOption();
        var json = JsonOption();
        var token = new Option<string>("--token") { Description = "One vocabulary token, e.g. king", Required = true };
        var top = new Option<int>("--top") { Description = "How many neighbours (1-1000)", DefaultValueFactory = _ => 10 };
        var command = new Command("similar-tokens", "Nearest vocabulary tokens in the model's static input embedding matrix");
        command.Options.Add(token);
        command.Options.Add(top);
        command.Options.Add(model);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = await LoadAsync(context, parseResult.GetValue(model), cancellationToken);
            var query = parseResult.GetValue(token)!;
            var similar = await Task.Run(() => loaded.GetStaticTokenEmbeddings().MostSimilar(query, parseResult.GetValue(top)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.WriteJson(new { model = loaded.Name, token = query, similar });
                return 0;
            }

            foreach (var s in similar)
            {
                await context.Out.WriteLineAsync($"{s.Token,-16} {s.Similarity.ToString("F4", CultureInfo.InvariantCulture)}");
            }

            return 0;
        });
        return command;
    }

    private static async Task<OnnxEmbeddingModel> LoadAsync(CliContext context, string? model, CancellationToken cancellationToken)
    {
        context.Override([new KeyValuePair<string, string?>($"{OnnxEmbeddingOptions.SectionName}:DefaultModel", model)]);
        return await context.Services.GetRequiredService<OnnxEmbeddingModelProvider>().GetModelAsync(null, cancellationToken);
    }

    private static string Preview(float[] vector) =>
        "[" + string.Join(", ", vector.Take(4).Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) + ", …]";

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
