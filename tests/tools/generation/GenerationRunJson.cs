using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SkPlugins.Tools.Generation;

/// <summary>
/// The JSON every generation contender reads and prints (the ORT GenAI runner, the benchmark's child processes): the prompts file
/// <c>{"prompts":[{"name","ids"}]}</c> and the result document <c>{"runtime","load_ms","results":[…],"peak_rss_mib"}</c>.
/// Linked as source into both projects: the runner may not reference the product, whose GPU ONNX Runtime must never meet its CPU one.
/// </summary>
internal static class GenerationRunJson
{
    /// <summary>Reads the prompts file.</summary>
    /// <param name="path"><c>{"prompts":[{"name":"book","ids":[1,14350,…]},…]}</c> (ids include BOS).</param>
    public static List<(string Name, int[] Ids)> ReadPrompts(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.GetProperty("prompts").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray()))];
    }

    /// <summary>One prompt's result.</summary>
    /// <param name="name">The prompt's name.</param>
    /// <param name="promptTokens">The prompt's length in tokens.</param>
    /// <param name="newIds">The generated ids.</param>
    /// <param name="firstMs">Time to the first token, ms.</param>
    /// <param name="tokensPerSecond">Decode rate after the first token.</param>
    public static JsonObject Result(string name, int promptTokens, int[] newIds, double firstMs, double tokensPerSecond) => new()
    {
        ["name"] = name,
        ["prompt_tokens"] = promptTokens,
        ["new_ids"] = new JsonArray([.. newIds.Select(i => (JsonNode)i)]),
        ["time_to_first_token_ms"] = Math.Round(firstMs, 3),
        ["tokens_per_second"] = Math.Round(tokensPerSecond, 3),
    };

    /// <summary>The document a contender prints on stdout, with this process's peak RSS (<c>VmHWM</c>, MiB).</summary>
    /// <param name="runtime">Who generated.</param>
    /// <param name="loadMs">Model load time, ms.</param>
    /// <param name="results">The <see cref="Result"/>s.</param>
    public static string Document(string runtime, double loadMs, JsonArray results) =>
        new JsonObject { ["runtime"] = runtime, ["load_ms"] = Math.Round(loadMs, 3), ["results"] = results, ["peak_rss_mib"] = PeakRssMiB() }.ToJsonString();

    private static double PeakRssMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
