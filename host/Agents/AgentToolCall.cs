namespace SkPlugins.Host.Agents;

/// <summary>One tool call an agent made, as the model asked for it and as the function answered.</summary>
/// <param name="Turn">The model turn (1-based) that asked for the call.</param>
/// <param name="Name">The function's name.</param>
/// <param name="Arguments">The arguments the model gave.</param>
/// <param name="Result">The function's result as the model saw it (JSON or text), or the error reported to it.</param>
public sealed record AgentToolCall(int Turn, string Name, IDictionary<string, object?> Arguments, string? Result);
