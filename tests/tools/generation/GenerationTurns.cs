using System.Text.Json.Nodes;

namespace SkPlugins.Tools.Generation;

/// <summary>
/// The turn-taking protocol of a warm generation contender (<c>--turns</c>): after loading and warming up it prints <c>ready</c>
/// on stdout; then each line read from stdin names a prompt, which it generates, printing that prompt's
/// <see cref="GenerationRunJson.Result"/> on one line; at the end of stdin it prints its <see cref="GenerationRunJson.Document"/>
/// (load time, no results, peak RSS) and returns. A parent holding several contenders loaded at once can so let them generate in
/// turns seconds apart, which pairs their rates far more tightly than whole processes run minutes apart on a machine whose speed
/// drifts. Linked as source into the benchmark and the ORT GenAI runner.
/// </summary>
internal static class GenerationTurns
{
    /// <summary>The line a contender prints once it is loaded and warm.</summary>
    public const string Ready = "ready";

    /// <summary>Serves turns until stdin ends.</summary>
    /// <param name="runtime">Who generates (the document's <c>runtime</c>).</param>
    /// <param name="loadMs">Model load time, ms.</param>
    /// <param name="prompts">The prompts a turn may name.</param>
    /// <param name="generate">Generates one prompt and returns its result object.</param>
    public static void Serve(string runtime, double loadMs, IReadOnlyList<(string Name, int[] Ids)> prompts, Func<string, int[], JsonObject> generate)
    {
        Console.WriteLine(Ready);
        while (Console.ReadLine() is { } line)
        {
            var name = line.Trim();
            var ids = prompts.FirstOrDefault(p => p.Name == name).Ids
                ?? throw new ArgumentException($"turn names prompt '{name}', which the prompts file does not have");
            Console.WriteLine(generate(name, ids).ToJsonString());
        }

        Console.WriteLine(GenerationRunJson.Document(runtime, loadMs, []));
    }
}
