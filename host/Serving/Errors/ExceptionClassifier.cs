using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Serving.Errors;

/// <summary>Decides, in one place, which HTTP status and message an exception becomes: input errors are 4xx with their message,
/// missing models or data are 503 with their message, anything else is a 500 whose message is not shown.</summary>
public static class ExceptionClassifier
{
    /// <summary>The status code nginx uses for a request the client abandoned; never sent, only logged.</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>Maps an exception to a status, a title and a detail safe to show to the caller.</summary>
    /// <param name="exception">The exception (wrappers such as <see cref="TargetInvocationException"/> are unwrapped).</param>
    /// <returns>The status code, the title and the detail.</returns>
    public static (int Status, string Title, string Detail) Classify(Exception exception)
    {
        var ex = Unwrap(exception);
        return ex switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, "Payload too large", bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
            ArgumentException or FormatException or InvalidCastException or KeyNotFoundException or NotSupportedException or KernelException =>
                (StatusCodes.Status400BadRequest, "Invalid arguments", ex.Message),
            OperationCanceledException => (ClientClosedRequest, "Cancelled", "the request was cancelled"),
            SkPlugins.Core.Artifacts.ArtifactNotFoundException =>
                (StatusCodes.Status404NotFound, "Not found", ex.Message), // a tokenizer, model or data set name that resolves nowhere
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "Timed out", ex.Message),
            IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException =>
                (StatusCodes.Status503ServiceUnavailable, "Capability unavailable", ex.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "the server failed to handle the request; see its log"),
        };
    }

    /// <summary>Removes reflection and aggregate wrappers.</summary>
    /// <param name="exception">The exception.</param>
    public static Exception Unwrap(Exception exception)
    {
        var ex = exception;
        while (true)
        {
            switch (ex)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    ex = inner;
                    continue;
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                    ex = aggregate.InnerExceptions[0];
                    continue;
                default:
                    return ex;
            }
        }
    }
}
