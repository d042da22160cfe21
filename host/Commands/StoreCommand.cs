using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>store</c> command group.</summary>
public static class StoreCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("store", "The vector store: ingest sentences, GloVe and song vectors; search collections");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("store: not available yet");
            return 1;
        });
        return command;
    }
}
