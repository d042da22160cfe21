using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Server;

namespace SkPlugins.Host.Serving.Mcp;

/// <summary>Adds every kernel function to the MCP server's tools, named <c>plugin_function</c> as Semantic Kernel names them for tool-calling models.
/// Failures carry REST's actionable message (<see cref="ActionableErrorFunction"/>); functions returning objects also declare an
/// output schema and return structured content (<see cref="StructuredOutput"/>).</summary>
/// <param name="services">The container; the kernel is resolved when the MCP options are first built, after every plugin is registered.</param>
public sealed class KernelMcpTools(IServiceProvider services) : IConfigureOptions<McpServerOptions>
{
    /// <summary>The tool name of a kernel function.</summary>
    /// <param name="plugin">The plugin's name.</param>
    /// <param name="function">The function's name.</param>
    public static string ToolName(string plugin, string function) => $"{plugin}_{function}";

    /// <inheritdoc />
    public void Configure(McpServerOptions options)
    {
        var kernel = (Kernel)(services.GetService(typeof(Kernel)) ?? throw new InvalidOperationException("no Kernel is registered; call AddSkPlugins first"));
        options.ToolCollection ??= [];
        foreach (var plugin in kernel.Plugins)
        {
            foreach (var function in plugin)
            {
                var outputSchema = StructuredOutput.SchemaOf(function.Metadata.ReturnParameter);
                var tool = McpServerTool.Create(new ActionableErrorFunction(function.WithKernel(kernel)), new McpServerToolCreateOptions
                {
                    Name = ToolName(plugin.Name, function.Name),
                    Description = function.Description,
                    Services = services,
                    UseStructuredContent = outputSchema is not null,
                    OutputSchema = outputSchema,
                });
                options.ToolCollection.Add(tool);
            }
        }
    }
}
