using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace SkPlugins.Host.Serving.Errors;

/// <summary>The last line of defence: turns any exception that escapes an endpoint into a problem+json response, so a request never crashes the process.</summary>
/// <param name="problemDetails">Writes the problem response.</param>
/// <param name="logger">Logs server-side failures with their stack trace.</param>
public sealed class ServingExceptionHandler(IProblemDetailsService problemDetails, ILogger<ServingExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = ExceptionClassifier.Classify(exception);
        if (status == ExceptionClassifier.ClientClosedRequest)
        {
            logger.LogDebug("request {Path} cancelled by the client", httpContext.Request.Path);
            return true;
        }

        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (httpContext.Response.HasStarted)
        {
            return true;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
