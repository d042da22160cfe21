using Microsoft.Extensions.AI;
using ModelContextProtocol;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.Mcp;

/// <summary>Wraps a function so that an input error, a missing artifact or an unavailable capability reaches the MCP client
/// with the same message REST shows (for example "word 'xyz' is not in the vocabulary"), as an <see cref="McpException"/>
/// that the MCP server turns into an <c>isError</c> result. Unexpected failures (REST's 500) keep the server's generic message,
/// so internal details are never shown.</summary>
/// <param name="inner">The function to run.</param>
public sealed class ActionableErrorFunction(AIFunction inner) : DelegatingAIFunction(inner)
{
    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not McpException && !cancellationToken.IsCancellationRequested && IsActionable(ex, out var message))
        {
            throw new McpException(message, ex);
        }
    }

    private static bool IsActionable(Exception exception, out string message)
    {
        var (status, _, detail) = ExceptionClassifier.Classify(exception);
        message = detail;
        return status is >= 400 and < 500 and not ExceptionClassifier.ClientClosedRequest || status is 503 or 504;
    }
}
