using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>tour</c> command group.</summary>
public static class TourCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("tour", "Walk through chapter 2 of Hands-On Large Language Models");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("tour: not available yet");
            return 1;
        });
        return command;
    }
}
