namespace SkPlugins.Benchmarks;

/// <summary>One capability's benchmark; found by reflection, run by name.</summary>
public interface IBenchmark
{
    /// <summary>The name on the command line, e.g. <c>tokenizers</c>.</summary>
    string Name { get; }

    /// <summary>One line on what it measures and against which reference.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and prints its figures (a Markdown table fit for the README).</summary>
    /// <param name="args">The arguments after the benchmark's name.</param>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(string[] args);
}
