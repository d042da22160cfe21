using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>embed</c> command group.</summary>
public static class EmbedCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("embed", "Sentence embeddings and contextual token embeddings with ONNX models");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("embed: not available yet");
            return 1;
        });
        return command;
    }
}
