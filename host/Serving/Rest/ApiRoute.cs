namespace SkPlugins.Host.Serving.Rest;

/// <summary>A named REST route served by one kernel function.</summary>
/// <param name="Path">The route, e.g. <c>/api/tokens/encode</c>.</param>
/// <param name="Plugin">The kernel plugin's name, e.g. <c>tokenizer</c>.</param>
/// <param name="Function">The kernel function's name, e.g. <c>tokenize</c>.</param>
/// <param name="Summary">One line for the OpenAPI document.</param>
/// <param name="ArgumentAliases">Body property names (as the command line spells them) that differ from the function's parameter names, mapped to the parameter names.
/// Names that differ only in case, <c>-</c> or <c>_</c> need no alias.</param>
public sealed record ApiRoute(string Path, string Plugin, string Function, string Summary, IReadOnlyDictionary<string, string>? ArgumentAliases = null);
