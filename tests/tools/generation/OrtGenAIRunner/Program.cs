// ortgenai-runner: greedy generation with Microsoft.ML.OnnxRuntimeGenAI 0.18 (CPU), the reference loop for our decode loop.
//
//   dotnet run -c Release --project tests/tools/generation/OrtGenAIRunner -- --model DIR --prompts PROMPTS.json [--max-new-tokens 20] [--runs 1] [--warmup] [--turns]
//
// PROMPTS.json: {"prompts": [{"name": "book", "ids": [1, 14350, ...]}, ...]} (ids include BOS, as our loop receives them).
// Prints one JSON document on stdout: load time, and per prompt the new ids (greedy, stopping on the config's eos ids or after
// --max-new-tokens), time to first token and decode tokens/s (best of --runs), then the process's peak RSS (VmHWM).
// With --turns it stays loaded and generates the prompts stdin names, one result line each (GenerationTurns), for a parent that
// lets several warm contenders take turns.
// It runs in a process of its own so that its CPU ONNX Runtime never shares a process with the GPU build the product loads.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntimeGenAI;
using SkPlugins.Tools.Generation;

const string Runtime = "Microsoft.ML.OnnxRuntimeGenAI 0.18.0 (CPU)";
var options = Options.Parse(args);
var prompts = GenerationRunJson.ReadPrompts(options.Prompts);

using var handle = new OgaHandle();
var clock = Stopwatch.StartNew();
using var model = new Model(options.Model);
var loadMs = clock.Elapsed.TotalMilliseconds;

// Warm-up (as our benchmark child does it): 2 tokens after the first prompt's first 8 ids.
if (options.Warmup && prompts.Count > 0)
{
    Generate(model, prompts[0].Ids[..Math.Min(8, prompts[0].Ids.Length)], 2);
}

if (options.Turns)
{
    GenerationTurns.Serve(Runtime, loadMs, prompts, (name, ids) =>
    {
        var (tokens, firstMs, rate) = Generate(model, ids, options.MaxNewTokens);
        return GenerationRunJson.Result(name, ids.Length, tokens, firstMs, rate);
    });
    return 0;
}

var results = new JsonArray();
foreach (var (name, ids) in prompts)
{
    int[] newIds = [];
    var bestFirst = double.MaxValue;
    var bestRate = 0.0;
    for (var run = 0; run < options.Runs; run++)
    {
        var (tokens, firstMs, rate) = Generate(model, ids, options.MaxNewTokens);
        newIds = tokens;
        bestFirst = Math.Min(bestFirst, firstMs);
        bestRate = Math.Max(bestRate, rate);
    }

    results.Add(GenerationRunJson.Result(name, ids.Length, newIds, bestFirst, bestRate));
}

Console.WriteLine(GenerationRunJson.Document(Runtime, loadMs, results));
return 0;

// One greedy generation: the prompt's prefill gives the first token, then one model run per further token.
static (int[] Tokens, double FirstMs, double TokensPerSecond) Generate(Model model, int[] prompt, int maxNew)
{
    using var parameters = new GeneratorParams(model);
    parameters.SetSearchOption("max_length", prompt.Length + maxNew);
    parameters.SetSearchOption("do_sample", false);
    var clock = Stopwatch.StartNew();
    using var generator = new Generator(model, parameters);
    generator.AppendTokens(prompt);
    generator.GenerateNextToken();
    var firstMs = clock.Elapsed.TotalMilliseconds;
    var decodeStart = clock.Elapsed;
    var decoded = 0;
    while (!generator.IsDone())
    {
        generator.GenerateNextToken();
        decoded++;
    }

    var decodeSeconds = (clock.Elapsed - decodeStart).TotalSeconds;
    var sequence = generator.GetSequence(0).ToArray();
    return (sequence[prompt.Length..], firstMs, decoded == 0 ? 0 : decoded / decodeSeconds);
}

internal sealed record Options(string Model, string Prompts, int MaxNewTokens, int Runs, bool Warmup, bool Turns)
{
    public static Options Parse(string[] args)
    {
        string? model = null, prompts = null;
        int maxNew = 20, runs = 1;
        bool warmup = false, turns = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--model": model = Next(); break;
                case "--prompts": prompts = Next(); break;
                case "--max-new-tokens": maxNew = int.Parse(Next()); break;
                case "--runs": runs = int.Parse(Next()); break;
                case "--warmup": warmup = true; break;
                case "--turns": turns = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}; usage: --model DIR --prompts FILE.json [--max-new-tokens N] [--runs R] [--warmup] [--turns]");
            }
        }

        return new Options(
            model ?? throw new ArgumentException("--model DIR is required"),
            prompts ?? throw new ArgumentException("--prompts FILE.json is required"),
            maxNew,
            runs,
            warmup,
            turns);
    }
}
