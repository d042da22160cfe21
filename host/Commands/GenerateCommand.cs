using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>generate</c> command group.</summary>
public static class GenerateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("generate", "Generate text with a local Phi-3 ONNX model");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("generate: not available yet");
            return 1;
        });
        return command;
    }
}
