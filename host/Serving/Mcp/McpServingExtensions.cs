using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace SkPlugins.Host.Serving.Mcp;

/// <summary>Registers the MCP server (streamable HTTP, stateless) whose tools are the kernel's functions.</summary>
public static class McpServingExtensions
{
    /// <summary>Adds the MCP server; map it with <c>app.MapMcp("/mcp")</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSkPluginsMcp(this IServiceCollection services)
    {
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "skplugins", Version = typeof(McpServingExtensions).Assembly.GetName().Version?.ToString() ?? "1.0.0" };
                options.ServerInstructions = "Tools from 'Tokens and Token Embeddings': tokenizers, embeddings, word vectors, song recommendations and local generation.";
            })
            .WithHttpTransport(transport => transport.Stateless = true);
        services.AddSingleton<IConfigureOptions<McpServerOptions>, KernelMcpTools>();
        return services;
    }
}
