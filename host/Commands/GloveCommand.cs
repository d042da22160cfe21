using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>glove</c> command group.</summary>
public static class GloveCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("glove", "Pre-trained GloVe word vectors: similar words and analogies");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("glove: not available yet");
            return 1;
        });
        return command;
    }
}
