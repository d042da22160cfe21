using System.Text.Json;

namespace SkPlugins.Benchmarks;

/// <summary>
/// What one contender of <see cref="GenerationFullBenchmark"/> measured in one run (a whole child process) or one turn (a warm
/// child's generations of each prompt): its load time and peak RSS, and per prompt the greedy ids, time to first token, decode
/// tokens/s and (ours and bare Run only) the loop's time outside ONNX Runtime's run per token.
/// </summary>
internal sealed record GenerationFullResult(double LoadMs, double PeakRssMiB, Dictionary<string, (int[] Ids, double FirstMs, double Rate, double OutsideMs)> Prompts)
{
    /// <summary>Which set of processes measured it: the run, or in turn mode the set whose turns share their processes.</summary>
    public int Set { get; init; }

    /// <summary>One prompt's measurements.</summary>
    public (int[] Ids, double FirstMs, double Rate, double OutsideMs) Prompt(string name) => Prompts[name];

    /// <summary>Parses a child's whole document (<c>GenerationRunJson.Document</c>).</summary>
    public static GenerationFullResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var prompts = root.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, ParsePrompt);
        return new GenerationFullResult(root.GetProperty("load_ms").GetDouble(), root.GetProperty("peak_rss_mib").GetDouble(), prompts);
    }

    /// <summary>Parses one prompt's result object (<c>GenerationRunJson.Result</c>).</summary>
    public static (int[] Ids, double FirstMs, double Rate, double OutsideMs) ParsePrompt(JsonElement result) =>
        (result.GetProperty("new_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
         result.GetProperty("time_to_first_token_ms").GetDouble(),
         result.GetProperty("tokens_per_second").GetDouble(),
         result.TryGetProperty("outside_run_ms_per_token", out var outside) ? outside.GetDouble() : double.NaN);
}
