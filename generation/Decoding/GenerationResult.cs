namespace SkPlugins.Generation.Decoding;

/// <summary>A finished generation.</summary>
/// <param name="PromptIds">Each row's prompt ids (without padding).</param>
/// <param name="OutputIds">Each row's new tokens (an eos id that stopped a row is included).</param>
/// <param name="StoppedOnEos">Whether each row stopped on an eos id rather than the token limit.</param>
/// <param name="TimeToFirstToken">From the start to the first step's tokens.</param>
/// <param name="Elapsed">The whole generation.</param>
public sealed record GenerationResult(
    IReadOnlyList<IReadOnlyList<int>> PromptIds,
    IReadOnlyList<IReadOnlyList<int>> OutputIds,
    IReadOnlyList<bool> StoppedOnEos,
    TimeSpan TimeToFirstToken,
    TimeSpan Elapsed)
{
    /// <summary>The time the steps after the first spent in ONNX Runtime's run; the rest of their time is the loop's own work.</summary>
    internal TimeSpan DecodeRunTime { get; init; }
}
