using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>songs</c> command group.</summary>
public static class SongsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("songs", "Train Word2Vec on radio playlists and recommend songs");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("songs: not available yet");
            return 1;
        });
        return command;
    }
}
