using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>
/// The problem responses of the <c>/v1</c> endpoints: the same <c>application/problem+json</c> as REST, with OpenAI's
/// <c>error</c> object (<c>message</c>, <c>type</c>, <c>param</c>, <c>code</c>) beside it, so OpenAI clients show the message
/// (the official .NET client puts <c>error.message</c> in its exception) and the parameter at fault.
/// </summary>
public static partial class OpenAiProblem
{
    /// <summary>The problem response for an exception thrown while serving a <c>/v1</c> request.</summary>
    /// <param name="exception">
    /// The exception; <c>error.param</c> is an <see cref="ArgumentException"/>'s parameter name, else the field the message
    /// starts with (<c>'tool_choice' …</c> or <c>messages[2].role …</c>).
    /// </param>
    public static ProblemHttpResult FromException(Exception exception)
    {
        var (status, title, detail) = ExceptionClassifier.Classify(exception);
        var param = ExceptionClassifier.Unwrap(exception) is ArgumentException { ParamName: { Length: > 0 } name }
            ? name
            : ParameterName().Match(detail) is { Success: true } match ? match.Groups[1].Value + match.Groups[2].Value : null;
        return Create(status, title, detail, param);
    }

    /// <summary>A problem response with OpenAI's <c>error</c> object.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="title">A short, fixed summary.</param>
    /// <param name="detail">What exactly went wrong.</param>
    /// <param name="param">The request field at fault, if known.</param>
    public static ProblemHttpResult Create(int status, string title, string detail, string? param = null)
    {
        var type = status switch
        {
            StatusCodes.Status401Unauthorized => "authentication_error",
            StatusCodes.Status404NotFound => "not_found_error",
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            < 500 => "invalid_request_error",
            _ => "server_error",
        };
        var error = new Dictionary<string, object?> { ["message"] = detail, ["type"] = type, ["param"] = param, ["code"] = null };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["error"] = error });
    }

    /// <summary>The first quoted field name (<c>'tool_choice'</c>) or indexed path (<c>messages[2].role</c>) in a message.</summary>
    [GeneratedRegex(@"^(?:'([a-z_.]+)'|([a-z_]+\[\d+\](?:\.[a-z_]+)*))", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
