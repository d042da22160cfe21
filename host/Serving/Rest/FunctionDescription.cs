namespace SkPlugins.Host.Serving.Rest;

/// <summary>A kernel function as listed by <c>GET /api/functions</c>.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Name">The function's name.</param>
/// <param name="Description">What it does, as tool-calling models see it.</param>
/// <param name="Endpoint">Its generic endpoint.</param>
/// <param name="Route">Its named route, when it has one.</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record FunctionDescription(string Plugin, string Name, string Description, string Endpoint, string? Route, IReadOnlyList<FunctionParameterDescription> Parameters);
