using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>
/// The problem+json responses of <c>/v1</c>, which also carry OpenAI's <c>error</c> object
/// (<c>message</c>, <c>type</c>, <c>param</c>, <c>code</c>) so OpenAI clients show the message.
/// </summary>
public static partial class OpenAiProblem
{
    /// <summary>The problem response for an exception, with the <c>error</c> object added.</summary>
    /// <param name="exception">The exception (see <see cref="ExceptionClassifier"/>).</param>
    public static ProblemHttpResult FromException(Exception exception)
    {
        var result = ApiProblem.FromException(exception);
        var detail = result.ProblemDetails.Detail ?? result.ProblemDetails.Title ?? "error";
        var status = result.StatusCode;
        var match = ParameterName().Match(detail);
        result.ProblemDetails.Extensions["error"] = new Dictionary<string, object?>
        {
            ["message"] = detail,
            ["type"] = status < StatusCodes.Status500InternalServerError ? "invalid_request_error" : "server_error",
            ["param"] = match.Success ? match.Groups[1].Value + match.Groups[2].Value : null,
            ["code"] = null,
        };
        return result;
    }

    /// <summary>The first quoted field name (<c>'tool_choice'</c>) or indexed path (<c>messages[2].role</c>) in a message.</summary>
    [GeneratedRegex(@"^(?:'([a-z_.]+)'|([a-z_]+\[\d+\](?:\.[a-z_]+)*))", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
