using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>serve</c> command group.</summary>
public static class ServeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("serve", "Serve every function over REST, OpenAI-compatible endpoints, MCP and a web page");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("serve: not available yet");
            return 1;
        });
        return command;
    }
}
