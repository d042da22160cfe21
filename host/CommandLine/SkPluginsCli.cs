using System.CommandLine;
using SkPlugins.Host.Commands;

namespace SkPlugins.Host.CommandLine;

/// <summary>The <c>skplugins</c> command line: one command group per capability.</summary>
public static class SkPluginsCli
{
    /// <summary>Builds the root command with every group.</summary>
    /// <param name="context">Configuration, services and output shared by the commands.</param>
    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "SkPlugins: the ideas of 'Tokens and Token Embeddings' as Semantic Kernel plugins - tokenizers, ONNX embeddings, " +
            "word vectors, song recommendations, a vector store and local Phi-3 generation, on the command line and served over REST, OpenAI-compatible endpoints and MCP.");
        root.Subcommands.Add(TokensCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(GloveCommand.Create(context));
        root.Subcommands.Add(SongsCommand.Create(context));
        root.Subcommands.Add(StoreCommand.Create(context));
        root.Subcommands.Add(GenerateCommand.Create(context));
        root.Subcommands.Add(AgentCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(TourCommand.Create(context));
        return root;
    }

    /// <summary>Parses and runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where results go (defaults to the console).</param>
    /// <param name="stderr">Where logs and errors go (defaults to the console's error stream).</param>
    /// <returns>The exit code: 0 ok, 1 failure, 2 bad usage.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        using var context = new CliContext(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = BuildRootCommand(context);
        var config = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception ex) when (CliErrors.IsUserError(ex))
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
