namespace SkPlugins.Generation.Decoding;

/// <summary>The tokens one decode step produced, one per row of the batch.</summary>
/// <param name="Index">The step, from 0 (the token after the prompt).</param>
/// <param name="TokenIds">The new token of each row; rows that had already stopped hold -1.</param>
/// <param name="Finished">Whether each row has stopped after this step (eos or the token limit).</param>
public sealed record GenerationStep(int Index, IReadOnlyList<int> TokenIds, IReadOnlyList<bool> Finished)
{
    /// <summary>The time this step spent in ONNX Runtime's run (the rest of a step is the loop's own work).</summary>
    internal TimeSpan RunTime { get; init; }
}
