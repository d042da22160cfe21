using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Host.CommandLine;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Streaming;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>generate</c> command: local Phi-3 generation on ONNX Runtime (CUDA, else CPU).</summary>
public static class GenerateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = new Option<string?>("--model") { Description = "Model folder (genai_config.json + ONNX + tokenizer files) or Hub repo id; default SkPlugins:Generation:Model" };
        var subfolder = new Option<string?>("--subfolder") { Description = "Folder inside the repo, e.g. cuda/cuda-int4-rtn-block-32 (ignored for a folder path)" };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt text (special tokens such as <|assistant|> are recognised)" };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "The prompt as comma-separated token ids, e.g. 1,14350,385" };
        var chat = new Option<bool>("--chat") { Description = "Wrap --prompt in the Phi-3 chat template as a user turn" };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "The most new tokens", DefaultValueFactory = _ => 20 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (the default)" };
        var temperature = new Option<float?>("--temperature") { Description = "Sample at this temperature (> 0)" };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely tokens (0: all)" };
        var topP = new Option<float>("--top-p") { Description = "Sample within this probability mass", DefaultValueFactory = _ => 1f };
        var seed = new Option<int?>("--seed") { Description = "Random seed for reproducible sampling" };
        var provider = new Option<string?>("--execution-provider") { Description = "auto (CUDA, else CPU), cuda or cpu" };
        var jsonSchema = new Option<string?>("--json-schema") { Description = "Constrain the output to JSON that validates against this JSON Schema file (constrained decoding)" };
        var json = new Option<bool>("--json") { Description = "Print {\"prompt_ids\",\"output_ids\",\"text\"} and the timings (load_ms, time_to_first_token_ms, prompt_tokens_per_second, tokens_per_second) as JSON instead of streaming the text" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the timings on standard error (load, prompt and decode rates), like ollama run --verbose" };
        var command = new Command("generate", "Generate text with a local Phi-3 ONNX model (CUDA when available, else CPU)");
        foreach (var option in new Option[] { model, subfolder, prompt, promptIds, chat, maxNewTokens, greedy, temperature, topK, topP, seed, provider, json, verbose })
        {
            command.Options.Add(option);
        }

        command.Options.Add(jsonSchema);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(prompt);
            var ids = parse.GetValue(promptIds);
            if ((text is null) == (ids is null))
            {
                await context.Error.WriteLineAsync("generate: give exactly one of --prompt or --prompt-ids");
                return 2;
            }

            if (parse.GetValue(greedy) && parse.GetValue(temperature) is not null)
            {
                await context.Error.WriteLineAsync("generate: --greedy and --temperature exclude each other");
                return 2;
            }

            var modelValue = parse.GetValue(model);
            context.Override(
            [
                new("SkPlugins:Generation:Model", modelValue),
                new("SkPlugins:Generation:Subfolder", parse.GetValue(subfolder) ?? (modelValue is null ? null : string.Empty)),
                new("SkPlugins:Generation:ExecutionProvider", parse.GetValue(provider)),
            ]);
            var temperatureValue = parse.GetValue(temperature) ?? 0f;
            var settings = new GenerationSettings
            {
                MaxNewTokens = parse.GetValue(maxNewTokens),
                DoSample = temperatureValue > 0,
                Temperature = temperatureValue > 0 ? temperatureValue : 1f,
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
            };
            settings.Validate();

            var loadClock = Stopwatch.StartNew();
            var loaded = await context.Services.GetRequiredService<GenerationModelProvider>().GetModelAsync(cancellationToken);
            var load = loadClock.Elapsed;
            if (parse.GetValue(jsonSchema) is { } schemaPath)
            {
                settings = settings with { Constraint = JsonSchemaOption.Load(schemaPath, loaded) };
            }

            IReadOnlyList<int> promptTokenIds = ids is not null
                ? ParseIds(ids)
                : loaded.Encode(parse.GetValue(chat) ? Phi3ChatTemplate.Render([new ChatMessage(ChatRole.User, text!)]) : text!);
            var timings = parse.GetValue(json)
                ? await WriteJsonAsync(context, loaded, promptTokenIds, settings, load, cancellationToken)
                : await StreamAsync(context, loaded, promptTokenIds, settings, load, cancellationToken);
            if (parse.GetValue(verbose))
            {
                await context.Error.WriteLineAsync(timings.Describe());
            }

            return 0;
        });
        return command;
    }

    private static async Task<GenerationTimings> WriteJsonAsync(CliContext context, CausalLanguageModel model, IReadOnlyList<int> promptIds, GenerationSettings settings, TimeSpan load, CancellationToken cancellationToken)
    {
        var result = await model.GenerateAsync([promptIds], settings, cancellationToken);
        var output = result.OutputIds[0];
        var text = model.Tokenizer.Decode(output.Where(id => !model.Config.EosTokenIds.Contains(id)));
        var timings = new GenerationTimings(load, promptIds.Count, output.Count, result.TimeToFirstToken, result.Elapsed);
        context.WriteJson(new GenerateCommandResult(promptIds, output, text, timings.LoadMs, timings.TimeToFirstTokenMs, timings.PromptTokensPerSecond, timings.TokensPerSecond));
        await context.Error.WriteLineAsync(Stats(model, promptIds.Count, output.Count, result.TimeToFirstToken, result.Elapsed));
        return timings;
    }

    private static async Task<GenerationTimings> StreamAsync(CliContext context, CausalLanguageModel model, IReadOnlyList<int> promptIds, GenerationSettings settings, TimeSpan load, CancellationToken cancellationToken)
    {
        var detokenizer = new StreamingDetokenizer(model.Tokenizer, model.Config.EosTokenIds);
        var stopwatch = Stopwatch.StartNew();
        var firstToken = TimeSpan.Zero;
        var count = 0;
        await foreach (var step in model.GenerateStepsAsync([promptIds], settings, cancellationToken))
        {
            if (count++ == 0)
            {
                firstToken = stopwatch.Elapsed;
            }

            await context.Out.WriteAsync(detokenizer.Push(step.TokenIds[0]));
            await context.Out.FlushAsync(cancellationToken);
        }

        await context.Out.WriteLineAsync(detokenizer.Flush());
        await context.Error.WriteLineAsync(Stats(model, promptIds.Count, count, firstToken, stopwatch.Elapsed));
        return new GenerationTimings(load, promptIds.Count, count, firstToken, stopwatch.Elapsed);
    }

    private static string Stats(CausalLanguageModel model, int promptTokens, int newTokens, TimeSpan firstToken, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{model.ExecutionProvider}] {promptTokens} prompt tokens, {newTokens} new tokens, first token {firstToken.TotalMilliseconds:F1} ms, {newTokens / Math.Max(elapsed.TotalSeconds, 1e-9):F1} tokens/s");

    private static int[] ParseIds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id >= 0
                ? id
                : throw new ArgumentException($"--prompt-ids: '{t}' is not a token id"))
            .ToArray() is { Length: > 0 } ids ? ids : throw new ArgumentException("--prompt-ids: no ids given");

    /// <summary>The <c>--json</c> result.</summary>
    /// <param name="PromptIds">The prompt's token ids.</param>
    /// <param name="OutputIds">The new token ids (an eos id that stopped generation included).</param>
    /// <param name="Text">The decoded new tokens (eos ids left out).</param>
    /// <param name="LoadMs">Time to get the model (load, or the already loaded one), ms.</param>
    /// <param name="TimeToFirstTokenMs">From the start of generation to the first new token (the prompt's prefill), ms.</param>
    /// <param name="PromptTokensPerSecond">Prompt tokens over the time to first token.</param>
    /// <param name="TokensPerSecond">Decode rate: new tokens after the first over the time after the first.</param>
    private sealed record GenerateCommandResult(IReadOnlyList<int> PromptIds, IReadOnlyList<int> OutputIds, string Text, double LoadMs, double TimeToFirstTokenMs, double PromptTokensPerSecond, double TokensPerSecond);
}
