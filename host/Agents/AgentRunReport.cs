namespace SkPlugins.Host.Agents;

/// <summary>What an agent run did: its tool calls in order, and its answer.</summary>
/// <param name="Calls">The tool calls with their arguments and results.</param>
/// <param name="Answer">The final text answer.</param>
/// <param name="Turns">How many model turns the run took.</param>
/// <param name="FinishReason">Why the last turn ended (<c>stop</c>, <c>length</c>, ...).</param>
public sealed record AgentRunReport(IReadOnlyList<AgentToolCall> Calls, string Answer, int Turns, string? FinishReason);
