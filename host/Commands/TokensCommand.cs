using System.CommandLine;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>The <c>tokens</c> command group.</summary>
public static class TokensCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("tokens", "Tokenize text with the book's tokenizers (BERT, GPT-2, Flan-T5, GPT-4, StarCoder2, Galactica, Phi-3, DeBERTa) and compare them");
        command.SetAction(_ =>
        {
            context.Error.WriteLine("tokens: not available yet");
            return 1;
        });
        return command;
    }
}
