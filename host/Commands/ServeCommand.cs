using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkPlugins.Host.CommandLine;
using SkPlugins.Host.Serving;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>serve</c> command: every kernel function over REST, OpenAI-compatible endpoints, MCP and a web page.</summary>
public static class ServeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("serve", "Serve every function over REST (/api), OpenAI-compatible endpoints (/v1), MCP (/mcp) and a web page (/)");
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, e.g. {SkPluginsServer.DefaultUrl} (the default; semicolons separate several)" };
        var apiKey = new Option<string?>("--api-key") { Description = "Require this key (Authorization: Bearer KEY or X-Api-Key: KEY); default SkPlugins:Serve:ApiKey" };
        command.Options.Add(urls);
        command.Options.Add(apiKey);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = new List<string>();
            if (parseResult.GetValue(urls) is { Length: > 0 } listen)
            {
                args.Add("--urls=" + listen);
            }

            if (parseResult.GetValue(apiKey) is { Length: > 0 } key)
            {
                args.Add($"--{ServeOptions.SectionName}:ApiKey={key}");
            }

            await using var app = SkPluginsServer.Build([.. args]);
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                await context.Error.WriteLineAsync($"skplugins serving on {address}: web page /, REST /api, OpenAI-compatible /v1, MCP /mcp, OpenAPI /openapi/v1.json (Ctrl+C stops)");
            }

            try
            {
                await app.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
