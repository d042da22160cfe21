using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>Describes the kernel's functions for <c>GET /api/functions</c> and the web page.</summary>
public static class FunctionCatalog
{
    /// <summary>One entry per function, ordered by plugin and name.</summary>
    /// <param name="kernel">The kernel.</param>
    public static IReadOnlyList<FunctionDescription> Describe(Kernel kernel) =>
        kernel.Plugins
            .SelectMany(plugin => plugin.Select(function => new FunctionDescription(
                plugin.Name,
                function.Name,
                function.Description,
                $"/api/functions/{plugin.Name}/{function.Name}",
                ApiRouteTable.Routes.FirstOrDefault(r => string.Equals(r.Plugin, plugin.Name, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(r.Function, function.Name, StringComparison.OrdinalIgnoreCase))?.Path,
                function.Metadata.Parameters.Select(p => new FunctionParameterDescription(
                    p.Name, p.Description, p.ParameterType?.Name, p.IsRequired, p.DefaultValue?.ToString())).ToList())))
            .OrderBy(f => f.Plugin, StringComparer.Ordinal)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
}
