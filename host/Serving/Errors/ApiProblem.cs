using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SkPlugins.Host.Serving.Errors;

/// <summary>Builds the <c>application/problem+json</c> responses every endpoint returns on failure.</summary>
public static class ApiProblem
{
    /// <summary>A problem response.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="title">A short, fixed summary of the kind of problem.</param>
    /// <param name="detail">What exactly went wrong, naming the parameter, function or limit.</param>
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>400: the request body is not valid JSON or not the expected shape.</summary>
    /// <param name="detail">What is wrong.</param>
    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>404: no such function, route or model.</summary>
    /// <param name="detail">What was not found and what exists.</param>
    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>The problem response for an exception thrown while serving a request (see <see cref="ExceptionClassifier"/>).</summary>
    /// <param name="exception">The exception.</param>
    public static ProblemHttpResult FromException(Exception exception)
    {
        var (status, title, detail) = ExceptionClassifier.Classify(exception);
        return Create(status, title, detail);
    }
}
